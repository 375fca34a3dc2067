"""Where people read the estimate: observatory views, method page, API, command line."""

import html
import json
import re

import pytest
from django.core.management import call_command

from .conftest import BUYER

pytestmark = pytest.mark.django_db


def _html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text, path
    return text


def _text(client, path):
    """What a reader sees: the words of the page, without the tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", _html(client, path))).split())


def _strict(text):
    """JSON as a strict parser reads it: NaN and infinities are refused."""

    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    "path",
    [
        f"/observatoire/acheteurs/{BUYER}/?partie=carbone",
        f"/observatoire/acheteurs/{BUYER}/?annee=2024&partie=carbone",
    ],
)
def test_buyer_view_shows_the_estimate_with_bounds_coverage_and_euro_year(
    client, carbon_store, path
):
    text = _text(client, path)
    # The framework agreement (100 000 € of IT services, 7.5 t) is in the high bound only.
    assert "≈ 291 tCO2e (entre 58 et 540, accords-cadres dans la borne haute seulement)" in text
    # Coverage of what the central value rests on: 1.2 M€ with a ratio of the 1.75 M€ of
    # marchés that are not framework agreements (cars and the marché without CPV are not).
    assert (
        "Couverture : 69 % du montant des marchés hors accords-cadres (1 750 000 € HT) a un "
        "ratio connu ; 550 000 € HT relèvent de secteurs au « facteur inconnu » et ne sont pas "
        "comptés (jamais comptés comme zéro)."
    ) in text
    assert "facteur inconnu" in text and "euros 2023" in text
    assert (
        "Accords-cadres : 100 000 € HT de montants maximums, des plafonds et non des dépenses : "
        "ils ne sont comptés ni dans la valeur centrale ni dans la borne basse, seulement dans "
        "la borne haute ; à leur maximum, ils ajouteraient 7,5 tCO2e à la valeur centrale."
    ) in text
    assert "1 marché sans montant retenu" in text
    assert 'href="/observatoire/methode/carbone/"' in _html(client, path)


def test_carbon_is_a_part_of_every_view_not_its_first_screen(client, carbon_store):
    views = ("/observatoire/", "/observatoire/territoires/region/32/",
             "/observatoire/segments/travaux/", f"/observatoire/acheteurs/{BUYER}/")  # fmt: skip
    for path in views:
        assert "partie=carbone" in _html(client, path), path
        assert "tCO2e" not in _text(client, path), path
        assert "tCO2e (entre" in _text(client, path + "?partie=carbone"), path


def test_home_and_segment_views_count_every_buyer(client, carbon_store):
    # All buyers, all years: + 400 000 € of 2019 works of the other buyer (98 t).
    home = _text(client, "/observatoire/?region=&partie=carbone")
    assert "≈ 389 tCO2e (entre 78 et 710, accords-cadres dans la borne haute seulement)" in home
    text = _text(client, "/observatoire/segments/travaux/?region=&partie=carbone")
    assert "tCO2e (entre" in text


def test_a_view_without_any_known_factor_says_why_instead_of_zero(client, carbon_store):
    text = _text(client, "/observatoire/cpv/34/?region=&partie=carbone")
    assert "Estimation impossible : facteur inconnu pour tous les secteurs" in text
    assert "≈ 0" not in text


def test_method_page_in_french(client):
    text = _text(client, "/observatoire/methode/carbone/")
    assert "montant HT × ratio monétaire du secteur" in text
    assert "euros 2023" in text and "±80 %" in text
    assert "Accords-cadres" in text and "pas une empreinte mesurée" in text
    # The framework rule, and what the data cannot tell, stated plainly.
    assert (
        "Le montant maximum d'un accord-cadre ne compte ni dans la valeur centrale ni dans la "
        "borne basse, seulement dans la borne haute."
    ) in text
    assert "Une même dépense n'y est donc jamais comptée deux fois." in text
    assert "À vérifier, format 2022" in text and "idAccordCadre" in text
    assert "facteur inconnu" in text  # C29 and the other sectors without a public ratio


def test_api_indicators_gain_a_strict_carbon_field(client, carbon_store):
    data = _strict(client.get(f"/api/indicateurs/?acheteur={BUYER}").content)
    carbon = data["carbon_tco2e"]
    assert carbon["value"] == pytest.approx(291.2)
    assert carbon["low"] < carbon["value"] < carbon["high"]
    assert carbon["framework_agreements"]["tco2e"] == pytest.approx(7.5)
    assert carbon["unit"] == "tCO2e" and carbon["euro_years"] == [2023]
    assert carbon["coverage"] == pytest.approx(1_200_000 / 1_750_000, abs=1e-4)
    assert carbon["reason"] is None
    unknown = _strict(client.get("/api/indicateurs/?cpv=34").content)["carbon_tco2e"]
    assert unknown["value"] is None and unknown["low"] is None and unknown["high"] is None
    assert "facteur inconnu" in unknown["reason"]


def test_api_indicator_table_by_sector(client, carbon_store):
    data = _strict(client.get(f"/api/indicateurs/empreinte_carbone/?acheteur={BUYER}").content)
    rows = {row["sector"]: row for row in data["rows"]}
    assert rows["C29"]["factor"] == "facteur inconnu" and rows["C29"]["tco2e"] is None
    assert rows["Total"]["tco2e"] == 291 and rows["Total"]["high"] == 538
    it = rows["J62_J63"]  # the framework agreement: its ceiling in the high bound only
    assert (it["tco2e"], it["low"], it["high"]) == (0, 0, 14)
    assert it["framework_amount_eur"] == 100_000
    csv_text = (
        client.get(f"/observatoire/indicateurs/empreinte_carbone.csv?acheteur={BUYER}")
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "facteur inconnu" in csv_text and "Borne haute (tCO2e)" in csv_text


def test_indicators_command_json_has_carbon_with_bounds(carbon_store, capsys):
    call_command("indicators", "--json", "--buyer", BUYER)
    carbon = _strict(capsys.readouterr().out)["carbon_tco2e"]
    assert carbon["value"] == pytest.approx(291.2)
    assert carbon["low"] == pytest.approx(58.24) and carbon["high"] == pytest.approx(537.66)
    assert carbon["coverage"] == pytest.approx(1_200_000 / 1_750_000, abs=1e-4)
    call_command("indicators", "--buyer", BUYER)
    assert re.search(r"Empreinte carbone estimée des marchés\u00a0: ≈ 291 tCO2e \(entre 58 et 540, "
                     r"accords-cadres dans la borne haute seulement\)",
                     capsys.readouterr().out)  # fmt: skip


def test_carbon_view_query_count(client, carbon_store, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(f"/observatoire/acheteurs/{BUYER}/?partie=carbone")
