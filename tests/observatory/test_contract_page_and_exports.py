"""The contract page speaks French about data quality, and exports open well in French
spreadsheet software (issue 9, item 7)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from apure.decp import checks
from apure.observatory import exports, store_query
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db

LILLE = {"buyer_siret": "21590350100017", "buyer_name": "Ville de Lille", "buyer_kind": "commune",
         "buyer_departement": "59", "buyer_region": "32", "departement": "59", "region": "32",
         "notification_date": "2024-03-01"}  # fmt: skip
FLAGGED = "21590350100017/2024-ZERO"


def _store(settings):
    rows = [
        {**LILLE, "contract_id": "2024-ZERO", "object": "Travaux de r\ufffdduction du bruit",
         "amount": 0.0, "amount_published": 0.0, "cpv": None},
        {**LILLE, "contract_id": "2024-PRIX", "object": "Nettoyage", "cpv": "90910000",
         "amount": 1234.5, "social": "yes", "environmental": "no"},
    ]  # fmt: skip
    notes = [
        {"uid": FLAGGED, "field": "montant", "value": "0", "code": "absurd_amount",
         "message": "Montant 0 invraisemblable (≤ 1 €) : non retenu dans les sommes."},
        {"uid": FLAGGED, "field": "codeCPV", "value": None, "code": "missing_cpv",
         "message": "Code CPV absent."},
    ]  # fmt: skip
    store_builder.build(settings.ANALYTICS_DB_PATH, rows, notes=notes)
    store_query.clear_cache()


def test_contract_page_names_notes_in_french_and_withholds_a_flagged_amount(
    client, settings, empty_store
):
    _store(settings)
    text = client.get(f"/observatoire/marches/{FLAGGED}/").content.decode()
    lead = text.split('<p class="lead">')[1].split("</p>")[0]
    assert "montant non retenu" in lead and "€" not in lead
    assert checks.label("absurd_amount") in text  # the French label of the check table
    assert "Code CPV absent" in text
    assert "<td>missing_cpv</td>" not in text
    assert "Texte mal encodé à la source" in text and "dans objet" in text
    clean = client.get("/observatoire/marches/21590350100017/2024-PRIX/").content.decode()
    assert "1\u202f234\u202f€ HT" in clean
    assert "mal encodé" not in clean and "montant non retenu" not in clean


def test_csv_uses_a_decimal_comma(client, settings, empty_store):
    _store(settings)
    response = client.get("/observatoire/marches/export.csv?colonne=uid&colonne=amount")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert dict(rows[1:])["21590350100017/2024-PRIX"] == "1234,5"


def test_xlsx_is_ready_to_filter_and_named_after_its_content(
    client, settings, empty_store, monkeypatch
):
    from datetime import date

    _store(settings)
    monkeypatch.setattr(exports, "today", lambda: date(2026, 11, 2))
    response = client.get(
        "/observatoire/marches/export.xlsx?region=32&annee=2024&colonne=uid&colonne=amount"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="apure-marches-hauts-de-france-2024-au-2026-11-02.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    amount = next(row[1] for row in sheet.iter_rows(min_row=2) if row[1].value == 1234.5)
    assert "€" in amount.number_format

    response = client.get("/observatoire/indicateurs/volumes_segments.xlsx?region=32")
    assert (
        'filename="apure-volumes-segments-hauts-de-france-au-2026-11-02.xlsx"'
        in (response["Content-Disposition"])
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    services = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "Services")
    assert "€" in services[header.index("Montant des marchés (€ HT)")].number_format
    assert services[header.index("Couverture (social) (%)")].number_format == "0.0%"
    csv_response = client.get("/observatoire/indicateurs/volumes_segments.csv?region=32")
    assert csv_response["Content-Disposition"].endswith('-au-2026-11-02.csv"')
