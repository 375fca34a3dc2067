import html
import json
from datetime import UTC
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apure.reporting import body_figures, spaser
from apure.reporting.models import EnteredValue, Measure, SpaserReport, Status, Unit
from apure.www.reporting import views as spaser_views
from tests.factories import UserFactory
from tests.reporting.factories import ObjectiveFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def test_computed_shares_add_up_every_siret_of_the_body_with_their_coverage(small_store, body):
    scheme = SchemeFactory(organisation=body)
    for measure in (Measure.SOCIAL_COUNT, Measure.SOCIAL_AMOUNT, Measure.ENV_COUNT,
                    Measure.RESERVED_COUNT):  # fmt: skip
        ObjectiveFactory(scheme=scheme, measure=measure)
    social, social_amount, environmental, reserved = spaser.yearly_values(scheme, 2024)
    # 11 contracts in 2024 under two SIRETs; social known for 6, 3 of them yes.
    assert social.value == Decimal("50.0")
    assert social.coverage == pytest.approx(6 / 11, abs=1e-4)
    assert "11 contrats notifiés en 2024" in social.source
    # In value: 500 000 € yes among 800 000 € known.
    assert social_amount.value == Decimal("62.5")
    assert environmental.value == Decimal("100.0")
    assert environmental.coverage == pytest.approx(5 / 11, abs=1e-4)
    assert reserved.value == Decimal("16.7")
    # The national plan's 30 % social target stands beside the count share.
    assert social.pnad_target == Decimal("30.0")


def test_a_share_on_too_few_known_contracts_is_not_given_and_says_why(small_store, body):
    scheme = SchemeFactory(organisation=body)
    ObjectiveFactory(scheme=scheme, measure=Measure.SOCIAL_COUNT)
    (value,) = spaser.yearly_values(scheme, 2023)  # one contract in 2023
    assert value.value is None
    assert "échantillon insuffisant" in value.reason


def test_entered_values_say_where_they_come_from(small_store, body):
    scheme = SchemeFactory(organisation=body)
    hours = ObjectiveFactory(
        scheme=scheme, measure=Measure.ENTERED, unit=Unit.HOURS, target_value=Decimal(1000)
    )
    EnteredValue.objects.create(
        objective=hours, year=2024, value=1200, source="Bilan du facilitateur"
    )
    (value,) = spaser.yearly_values(scheme, 2024)
    assert value.value == 1200
    assert value.source == "Saisi par la structure\u00a0: Bilan du facilitateur"
    assert value.target_reached is True and value.progress == "cible atteinte"
    (missing,) = spaser.yearly_values(scheme, 2025)
    assert missing.value is None and missing.source == "Valeur non saisie."
    EnteredValue.objects.create(objective=hours, year=2025, value=900, source="Bilan 2025")
    (behind,) = spaser.yearly_values(scheme, 2025)
    assert behind.progress == "cible pas encore atteinte"  # the target year is 2028


def test_obligation_estimate_adds_up_the_sirets_against_the_threshold_of_the_year(
    small_store, body
):
    obligation = body_figures.obligation(body, 2024)
    assert obligation.amount_eur == 1_250_000
    assert obligation.threshold.value == 50_000_000
    # A lower bound under the threshold proves nothing: the member is told to check.
    assert obligation.status == (
        "sous le seuil d'après les seules DECP, à vérifier avec les dépenses de la structure"
    )


def test_member_fills_and_publishes_the_report_then_anyone_reads_it_online(
    client, small_store, body
):
    scheme = SchemeFactory(organisation=body)
    hours = ObjectiveFactory(scheme=scheme, measure=Measure.ENTERED, unit=Unit.HOURS)
    url = f"/outils/spaser/{body.slug}/rapport-2024/"
    client.force_login(UserFactory(organisation=body))
    response = client.post(
        url,
        {
            f"objectif-{hours.pk}-value": "1500",
            f"objectif-{hours.pk}-source": "Bilan 2024",
            "actions": "Formation des acheteurs.",
        },
    )
    assert response.status_code == 302
    assert EnteredValue.objects.get(objective=hours, year=2024).value == 1500
    client.post(f"/outils/spaser/{body.slug}/rapport-2024/publier/", {"action": "publier"})
    assert SpaserReport.objects.get(scheme=scheme, year=2024).is_online
    client.logout()
    page = client.get(url)
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "Formation des acheteurs." in text
    assert "1\u202f500 heures d'insertion" in text
    assert client.get("/outils/spaser/").content.decode().count(url) == 1
    pdf = client.get(f"/outils/spaser/{body.slug}/rapport-2024.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_an_entered_value_without_its_origin_is_refused(client, body):
    scheme = SchemeFactory(organisation=body)
    hours = ObjectiveFactory(scheme=scheme, measure=Measure.ENTERED, unit=Unit.HOURS)
    client.force_login(UserFactory(organisation=body))
    response = client.post(
        f"/outils/spaser/{body.slug}/rapport-2024/", {f"objectif-{hours.pk}-value": "1500"}
    )
    assert response.status_code == 200
    assert "Dites d'où vient la valeur." in html.unescape(response.content.decode())
    assert not EnteredValue.objects.exists()


def test_a_computed_share_cannot_be_given_another_unit(client, body):
    SchemeFactory(organisation=body)
    client.force_login(UserFactory(organisation=body))
    response = client.post(
        f"/outils/spaser/{body.slug}/objectifs/nouveau/",
        {"category": "insertion", "label": "Clauses", "measure": "social-nombre",
         "unit": "heures", "baseline_year": 2022, "target_year": 2028, "target_value": 30},
    )  # fmt: skip
    assert "Une part de marchés calculée s'exprime en %." in html.unescape(
        response.content.decode()
    )


def test_spaser_report_command_writes_json_and_a_pdf(small_store, body, tmp_path):
    scheme = SchemeFactory(organisation=body)
    ObjectiveFactory(scheme=scheme)
    output = StringIO()
    pdf_path = tmp_path / "rapport.pdf"
    call_command(
        "spaser_report", "--body", body.siren, "--year", "2024", "--pdf", str(pdf_path),
        "--json", stdout=output,
    )  # fmt: skip
    result = json.loads(output.getvalue())
    assert result["objectives"][0]["value"] == "50.0"
    assert result["objectives"][0]["origin"] == "calcul"
    assert pdf_path.read_bytes().startswith(b"%PDF")


def _text(response):
    return html.unescape(response.content.decode())


def test_one_action_puts_the_report_online_after_saying_what_becomes_public(client, body, settings):
    """QA: putting a report online took a « Publier en ligne » box to tick and save, and a
    separate « Publier » button; either alone left the report offline."""
    settings.SITE_URL = "https://apure.example.org"
    scheme = SchemeFactory(organisation=body)
    ObjectiveFactory(scheme=scheme, measure=Measure.ENTERED, unit=Unit.HOURS)
    client.force_login(UserFactory(organisation=body))
    url = f"/outils/spaser/{body.slug}/rapport-2024/"

    page = _text(client.get(url))
    assert "Pas en ligne" in page and "seules les personnes de la structure" in page
    assert 'name="is_public"' not in page  # no second control to forget
    # Save and publish: one button, then the confirmation page (nothing online yet).
    response = client.post(url, {"actions": "Formation des acheteurs.", "suite": "publier"})
    assert response["Location"] == f"{url}publier/"
    assert not SpaserReport.objects.get().is_online
    confirmation = _text(client.get(response["Location"]))
    assert "Publier en ligne le rapport SPASER 2024\xa0?" in confirmation
    assert f"https://apure.example.org{url}" in confirmation
    assert "https://apure.example.org/outils/spaser/" in confirmation  # the public list
    assert "Formation des acheteurs." in confirmation  # the text that becomes public
    assert "1 objectif avec sa cible, sa valeur 2024 et son origine" in confirmation
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404

    client.force_login(UserFactory(organisation=body))
    done = client.post(f"{url}publier/", {"action": "publier"}, follow=True)

    report = SpaserReport.objects.get()
    assert report.is_online and report.status == Status.PUBLISHED
    text = _text(done)
    assert "Rapport publié en ligne\xa0: tout le monde peut le lire" in text
    assert "En ligne</span>" in text and "Pas en ligne" not in text
    client.logout()
    assert "Formation des acheteurs." in _text(client.get(url))


def test_taking_a_report_offline_says_it_is_not_online(client, body):
    scheme = SchemeFactory(organisation=body)
    SpaserReport.objects.create(scheme=scheme, year=2024, status=Status.PUBLISHED, is_public=True)
    client.force_login(UserFactory(organisation=body))
    url = f"/outils/spaser/{body.slug}/rapport-2024/"

    text = _text(client.post(f"{url}publier/", {"action": "retirer"}, follow=True))

    assert not SpaserReport.objects.get().is_online
    assert "Rapport retiré\xa0: il n'est plus en ligne" in text
    assert "Pas en ligne" in text
    assert "Pas en ligne" in _text(client.get(f"/outils/spaser/{body.slug}/"))
    client.logout()
    assert client.get(url).status_code == 404


def test_a_report_published_but_not_public_is_said_not_online_and_one_action_fixes_it(client, body):
    """Reports published before the single action may be « publié » without being public."""
    scheme = SchemeFactory(organisation=body)
    SpaserReport.objects.create(scheme=scheme, year=2024, status=Status.PUBLISHED)
    client.force_login(UserFactory(organisation=body))
    url = f"/outils/spaser/{body.slug}/rapport-2024/"
    assert "Pas en ligne" in _text(client.get(url))

    client.post(f"{url}publier/", {"action": "publier"})

    assert SpaserReport.objects.get().is_online


def test_the_workspace_opens_on_the_year_of_the_latest_report_where_the_work_is(client, body):
    """QA: the workspace opened on the last complete year, empty, while the body's report
    (and its data) were for the year before."""
    scheme = SchemeFactory(organisation=body)
    client.force_login(UserFactory(organisation=body))
    url = f"/outils/spaser/{body.slug}/"
    assert client.get(url).context["year"] == spaser_views._last_year()
    SpaserReport.objects.create(scheme=scheme, year=2021)
    SpaserReport.objects.create(scheme=scheme, year=2023)
    assert client.get(url).context["year"] == 2023
    assert client.get(url + "?annee=2021").context["year"] == 2021


def test_publishing_again_keeps_the_date_it_went_online(client, body):
    """A double click or an old tab posts « Publier en ligne » twice: « en ligne depuis le … »
    keeps the first date."""
    from datetime import datetime

    scheme = SchemeFactory(organisation=body)
    report = SpaserReport.objects.create(scheme=scheme, year=2024)
    first = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    spaser.publish(report, first)
    spaser.publish(SpaserReport.objects.get(), datetime(2026, 5, 1, tzinfo=UTC))

    assert SpaserReport.objects.get().published_at == first
