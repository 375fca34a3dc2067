"""Import of a PEMD-style inventory: row-level French errors, nothing imported on error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from apure.reuse import inventory
from apure.reuse.models import Lot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "Portes;Cloisons et menuiseries intérieures;;24;u;25;Bon état;;;59350;01/09/2026;;"
    "Déjà déposé, à enlever sur place;Gratuit;180"
)
BAD = (
    "Portes;Toiture;;douze;pièces;;Bon état;;;99999;31/02/2026;;Déjà déposé, à enlever sur place;;"
)


HEADER = ";".join(inventory.COLUMNS)


def csv_upload(*rows, header=HEADER):
    return SimpleUploadedFile("inv.csv", "\n".join([header, *rows]).encode(), "text/csv")


def test_errors_name_row_column_and_reason_and_nothing_is_imported(client, communes):
    client.force_login(UserFactory())
    page = client.post("/outils/reemploi/import/", {"file": csv_upload(GOOD, BAD)}).content.decode()
    assert not Lot.objects.exists()
    assert "Rien n'est importé" in page
    for column, reason in [
        ("Catégorie", "« Toiture » n'est pas dans la liste"),
        ("Quantité", "« douze » n'est pas un nombre"),
        ("Unité", "« pièces » n'est pas dans la liste"),
        ("Code INSEE de la commune", "« 99999 » n'est pas un code INSEE de commune connu"),
        ("Disponible à partir du", "« 31/02/2026 » n'est pas une date"),
    ]:
        assert f"<td>3</td>\n                <td>{column}</td>" in page
        assert reason.replace("'", "&#x27;") in page


def test_a_missing_column_is_told_before_any_row(communes):
    header = ";".join(title for title in inventory.COLUMNS if title != "Unité")
    with pytest.raises(inventory.InventoryError, match="Colonnes manquantes.*« Unité »"):
        inventory.parse(csv_upload(GOOD, header=header))


def test_a_pdf_named_csv_is_refused(communes):
    upload = SimpleUploadedFile("inv.csv", b"%PDF-1.4 fake", "text/csv")
    with pytest.raises(inventory.InventoryError):
        inventory.parse(upload)


def test_the_xlsx_template_imports_as_drafts(client, communes):
    response = client.get("/outils/reemploi/import/modele.xlsx")
    template = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(template.active.iter_rows(values_only=True))
    assert list(rows[0]) == list(inventory.COLUMNS)

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    member = UserFactory()
    client.force_login(member)
    client.post(
        "/outils/reemploi/import/",
        {"file": SimpleUploadedFile("inv.xlsx", buffer.getvalue())},
    )
    lot = Lot.objects.get()
    assert (lot.status, lot.organisation, lot.quantity, lot.commune_id) == (
        "brouillon",
        member.organisation,
        24,
        "59350",
    )
    assert lot.contact_email == member.email


def test_the_csv_template_downloads_with_french_headers(client):
    response = client.get("/outils/reemploi/import/modele.csv")
    assert response.content.decode("utf-8-sig").startswith("Intitulé;Catégorie;")
