"""The carbon estimate in the SPASER yearly report (page, PDF and command)."""

import html
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from apure.reporting import body_figures, pdf, spaser
from tests.factories import UserFactory
from tests.observatory import store_builder
from tests.observatory.fixtures import empty_store  # noqa: F401

from .conftest import HEAD_SIRET, _reset, contract, small_store_contracts
from .factories import SchemeFactory

pytestmark = pytest.mark.django_db

# The body's 2024 marchés (conftest): 1 200 000 € of works (245 kgCO2e/k€) on two SIRETs and
# 50 000 € of furniture (231): 294 + 11.55 t. The other buyer's contract never counts.
PHRASE = "≈ 306 tCO2e (entre 61 et 550)"


def test_body_estimate_adds_up_its_sirets(small_store, body):
    estimate = body_figures.carbon(body, 2024)
    assert estimate.tco2e == pytest.approx(305.55)
    assert estimate.coverage == 1
    assert estimate.euro_years == [2023]


def test_report_page_and_pdf_give_the_estimate_with_bounds_and_method(client, small_store, body):
    scheme = SchemeFactory(organisation=body)
    client.force_login(UserFactory(organisation=body))
    page = client.get(f"/outils/spaser/{body.slug}/rapport-2024/").content.decode()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    assert f"Marchés notifiés en 2024 : {PHRASE}." in text
    assert "Couverture : 100 % du montant des marchés" in text and "euros 2023" in text
    assert "pas une empreinte mesurée" in text
    assert 'href="/observatoire/methode/carbone/"' in page
    content = spaser.report_content(scheme, 2024)
    story = " ".join(
        " ".join(html.unescape(item.text).split())
        for item in pdf._carbon_section(content, pdf._styles())
    )
    assert PHRASE in story and "±80 %" in story and "facteur inconnu" in story
    assert client.get(f"/outils/spaser/{body.slug}/rapport-2024.pdf").content.startswith(b"%PDF")


def test_report_without_data_says_so(body, empty_store):  # noqa: F811
    scheme = SchemeFactory(organisation=body)
    content = spaser.report_content(scheme, 2024)
    assert content["carbon"] is None
    story = pdf._carbon_section(content, pdf._styles())
    assert "Estimation impossible" in story[-1].text


def test_spaser_report_command_json_has_the_carbon_estimate(small_store, body):
    SchemeFactory(organisation=body)
    output = StringIO()
    call_command("spaser_report", "--body", body.siren, "--year", "2024", "--json",
                 stdout=output)  # fmt: skip
    carbon = json.loads(output.getvalue())["carbon_tco2e"]
    assert carbon["value"] == pytest.approx(305.55)
    assert carbon["low"] == pytest.approx(61.11) and carbon["high"] == pytest.approx(549.99)


def test_report_counts_a_framework_agreement_in_the_high_bound_only(client, body):
    """A 500 000 € framework agreement of works and one of its subsequent contracts
    (100 000 €): the central value counts the subsequent contract once, not the ceiling."""
    rows = [
        *small_store_contracts(),
        contract(HEAD_SIRET, 50, amount=500_000, nature="Accord-cadre", framework_agreement=True),
        contract(HEAD_SIRET, 51, amount=100_000, nature="Marché subséquent",
                 framework_agreement=False),
    ]  # fmt: skip
    _reset()
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    try:
        scheme = SchemeFactory(organisation=body)
        content = spaser.report_content(scheme, 2024)
        assert content["carbon_estimate"].tco2e == pytest.approx(305.55 + 24.5)
        phrase = "≈ 330 tCO2e (entre 66 et 810, accords-cadres dans la borne haute seulement)"
        sentence = (
            "Accords-cadres : 500 000 € HT de montants maximums, des plafonds et non des "
            "dépenses : ils ne sont comptés ni dans la valeur centrale ni dans la borne basse, "
            "seulement dans la borne haute ; à leur maximum, ils ajouteraient 122 tCO2e à la "
            "valeur centrale."
        )
        client.force_login(UserFactory(organisation=body))
        page = client.get(f"/outils/spaser/{body.slug}/rapport-2024/").content.decode()
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
        assert f"Marchés notifiés en 2024 : {phrase}." in text and sentence in text
        story = " ".join(
            " ".join(html.unescape(item.text).split())
            for item in pdf._carbon_section(content, pdf._styles())
        )
        assert phrase in story and sentence in story
    finally:
        _reset()
        settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
