"""The pooling pages, their export and the block on the observatory's buyer page."""

import csv
import html as html_text
import io
import re

import pytest
from openpyxl import load_workbook

from apure.decp import store
from apure.pooling import derived
from tests.pooling.conftest import ARRAS, LILLE, LILLE_SERVICES

pytestmark = pytest.mark.django_db

PAGE = "/outils/mutualisation/departement/59/restauration-collective/"


def test_page_lists_the_buyers_with_their_expected_end_dates(client, pooling_store):
    html = client.get(PAGE).content.decode()

    assert "4 acheteurs</strong> ont passé séparément" in html
    for name in ("Ville de Lille", "Ville de Roubaix", "Ville de Tourcoing", "Département du Nord"):
        assert name in html
    assert "Ville d&#x27;Arras" not in html  # Pas-de-Calais
    assert "15/01/2027" in html and "01/09/2027" in html
    assert "T1 2027" in html and "T3 2027" in html
    assert "accord-cadre&nbsp;: montant maximal" in html


def test_page_says_an_end_is_unknown_when_the_duration_is(client, pooling_store):
    html = html_text.unescape(client.get(PAGE).content.decode())

    assert "1 marché n'a pas de durée publiée" in html
    assert "fin est inconnue" in html
    assert "Ce que les données ne disent pas" in html


def test_chooser_leads_to_the_page_of_a_territory_and_segment(client, pooling_store):
    response = client.get(
        "/outils/mutualisation/",
        {"territoire": "departement-59", "segment": "restauration-collective", "annees": "4"},
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE


def test_chooser_takes_an_epci_and_a_cpv_class(client, pooling_store):
    response = client.get("/outils/mutualisation/", {"epci": "200 093 201", "cpv": "1589"})

    assert response["Location"] == "/outils/mutualisation/epci/200093201/cpv-1589/"
    html = client.get(response["Location"]).content.decode()
    assert "Métropole Européenne de Lille" in html
    assert "Département du Nord" not in html  # not a member of the EPCI


def test_chooser_explains_what_is_wrong_in_french(client, pooling_store):
    html = client.get(
        "/outils/mutualisation/", {"epci": "123", "territoire": "", "cpv": "99x9"}
    ).content.decode()

    assert "EPCI inconnu" in html
    assert "Classe CPV inconnue" in html


def test_unknown_territory_or_segment_is_not_found(client, pooling_store):
    assert client.get("/outils/mutualisation/departement/999/travaux/").status_code == 404
    assert client.get("/outils/mutualisation/departement/59/inconnu/").status_code == 404


def test_without_imported_data_the_page_says_so(client, empty_store, today):
    html = client.get(PAGE).content.decode()

    assert "Aucune donnée importée" in html


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_export_gives_every_contract_with_its_end_and_state(client, pooling_store):
    response = client.get(PAGE + "calendrier.csv")

    assert response.status_code == 200
    assert (
        "apure-mutualisation-nord-59-restauration-collective-2023-2026-au-2026-11-02.csv"
        in (response["Content-Disposition"])
    )
    header, *rows = _csv_rows(response)
    assert header[9:11] == ["Fin prévue (notification + durée)", "État"]
    by_object = {row[2]: row for row in rows}
    assert len(rows) == 5
    lille = by_object["Fourniture de repas – Ville de Lille"]
    assert (lille[6], lille[9], lille[10]) == ("300000", "2027-01-15", "en cours")
    # Text a spreadsheet would run as a formula is made inert; the unknown end stays empty.
    tourcoing = by_object["'=1+1 repas scolaires"]
    assert (tourcoing[7], tourcoing[9], tourcoing[10]) == ("", "", "fin inconnue")
    assert by_object["Fourniture de repas – Département du Nord"][10] == "terminé"


def test_csv_export_says_which_contracts_are_framework_agreements(client, pooling_store):
    header, *rows = _csv_rows(client.get(PAGE + "calendrier.csv"))
    assert header[12] == "Accord-cadre (montant maximal)"
    by_object = {row[2]: row[12] for row in rows}
    assert by_object["Fourniture de repas – Ville de Roubaix"] == "oui"
    assert by_object["Fourniture de repas – Ville de Lille"] == "non renseigné"  # not said


def test_xlsx_export_keeps_dates_as_dates(client, pooling_store):
    response = client.get(PAGE + "calendrier.xlsx")

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][9] == "Fin prévue (notification + durée)"
    lille = next(row for row in rows[1:] if row[1] == "Ville de Lille" and row[10] == "en cours")
    assert lille[9].date().isoformat() == "2027-01-15"
    assert len(rows) == 6


def test_buyer_page_shows_nearby_buyers_buying_the_same_thing(client, pooling_store):
    html = client.get(f"/observatoire/acheteurs/{LILLE}/?partie=mutualisation").content.decode()

    assert "Ces acheteurs proches achètent la même chose" in html
    # The end is the body's (every establishment of its SIREN), and the page says so.
    assert (
        f"Prochaine fin prévue pour cette structure (SIREN {LILLE[:9]}, tous ses "
        "établissements)&nbsp;: <strong>15/01/2027</strong>"
    ) in html
    assert "Ville de Roubaix" in html and "01/09/2027" in html
    assert "3 autres acheteurs du territoire" in html
    assert PAGE in html


def test_pages_make_no_database_query_and_few_store_queries(
    client, pooling_store, django_assert_num_queries, monkeypatch
):
    opened = []
    real_cursor, real_copy_cursor = store.cursor, derived.cursor
    monkeypatch.setattr(store, "cursor", lambda: opened.append("store") or real_cursor())
    monkeypatch.setattr(derived, "cursor", lambda: opened.append("copy") or real_copy_cursor())

    with django_assert_num_queries(0):
        client.get(PAGE)
    first = len(opened)
    client.get(PAGE)

    # Totals, buyers, calendar and contracts in one query, on the pooling copy of the store.
    assert opened == ["copy"]
    assert len(opened) == first  # the same page again comes from the cache


def _buyers_table(html):
    return html.split("<h2>Acheteurs</h2>")[1].split("<h2>")[0]


def test_a_body_publishing_under_two_sirets_is_one_buyer(client, two_establishments_store):
    html = re.sub(r"[ \n]+", " ", html_text.unescape(client.get(PAGE).content.decode()))

    # Lille published under two SIRETs: still four buyers, Lille once with its 3 marchés.
    assert "4 acheteurs</strong> ont passé séparément 6 marchés" in html
    buyers = _buyers_table(html)
    assert len(re.findall(r"<tr>", buyers)) == 1 + 4  # header + one row per body
    assert buyers.count("Ville de Lille") == 1
    assert "VILLE DE LILLE" not in html  # one name per body, on every part of the page
    lille = buyers.split("Ville de Lille")[1].split("</tr>")[0]
    assert "(SIREN 215903501, 2 établissements)" in lille
    assert re.search(r'<td class="num">3</td>', lille)
    # The calendar counts bodies too: Lille's two contracts ending in 2029 are one buyer.
    calendar_row = html.split("T1 2029")[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', calendar_row)[:2] == ["1", "1"]


def test_the_export_names_and_identifies_a_body_as_the_page_does(client, two_establishments_store):
    header, *rows = _csv_rows(client.get(PAGE + "calendrier.csv"))
    assert header[13] == "SIREN de l'acheteur (un acheteur par SIREN)"
    lille = [row for row in rows if row[13] == "215903501"]
    assert sorted(row[0] for row in lille) == [LILLE, LILLE, LILLE_SERVICES]
    assert {row[1] for row in lille} == {"Ville de Lille"}
    assert len({row[13] for row in rows}) == 4  # as many bodies as buyers on the page

    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(PAGE + "calendrier.xlsx").streaming_content))
    )
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert sheet_rows[0][13] == header[13]
    assert {row[1] for row in sheet_rows[1:] if row[13] == "215903501"} == {"Ville de Lille"}


def test_the_buyer_block_counts_the_other_establishment_as_the_same_buyer(
    client, two_establishments_store
):
    html = html_text.unescape(
        client.get(
            f"/observatoire/acheteurs/{LILLE_SERVICES}/?partie=mutualisation"
        ).content.decode()
    )

    assert "3 autres acheteurs du territoire" in html
    block = html.split("Ces acheteurs proches")[1]
    assert "Ville de Lille" not in block.split("acheteurs proches</caption>")[1]


def test_a_buyer_without_recent_marches_is_told_so_not_that_its_territory_is_unknown(client, today):
    from django.conf import settings

    from tests.observatory import store_builder
    from tests.pooling.conftest import _reset, meal

    _reset()
    store_builder.build(
        settings.ANALYTICS_DB_PATH,
        [meal(ARRAS, "Ville d'Arras", "62", "2012-03-01", 12, 90_000.0, contract_id="A-1")],
    )
    try:
        html = client.get(f"/observatoire/acheteurs/{ARRAS}/?partie=mutualisation").content
        text = html_text.unescape(html.decode())
        assert "Aucun marché de cet acheteur notifié de" in text
        assert "territoire de cet acheteur est inconnu" not in text
    finally:
        _reset()
        settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
