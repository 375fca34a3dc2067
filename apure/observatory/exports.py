"""CSV and XLSX exports of contract lists and indicator tables.

CSV: UTF-8 with a byte-order mark and `;` as separator, what French spreadsheet users open
without an import dialog; decimals keep a dot so that the file stays machine-readable.
XLSX: openpyxl in write-only mode (constant memory per row). Lists are capped (see LIMITS).
"""

import csv
import io
import tempfile
from datetime import date, datetime

from openpyxl import Workbook

CSV_SEPARATOR = ";"
LIMITS = {"csv": 200_000, "xlsx": 50_000}

# Column name in the store → French header. Only these may be exported (user input is checked).
CONTRACT_COLUMNS = {
    "uid": "Identifiant apure",
    "contract_id": "Identifiant du contrat",
    "kind": "Type de contrat",
    "buyer_siret": "SIRET de l'acheteur",
    "buyer_name": "Acheteur",
    "buyer_kind": "Catégorie d'acheteur",
    "buyer_departement": "Département de l'acheteur",
    "buyer_region": "Région de l'acheteur",
    "object": "Objet",
    "cpv": "Code CPV",
    "cpv_division": "Division CPV",
    "nature": "Nature",
    "procedure": "Procédure",
    "amount": "Montant actuel (€ HT)",
    "initial_amount": "Montant initial (€ HT)",
    "amount_published": "Montant publié (€ HT, même écarté des sommes)",
    "duration_months": "Durée (mois)",
    "notification_date": "Date de notification",
    "publication_date": "Date de publication",
    "last_publication": "Date de la publication retenue",
    "versions": "Publications différentes du contrat",
    "year": "Année",
    "place_code": "Code du lieu d'exécution",
    "place_type": "Type de code du lieu",
    "departement": "Département d'exécution",
    "region": "Région d'exécution",
    "holders_count": "Nombre de titulaires",
    "social": "Considération sociale",
    "social_clause": "Clause sociale",
    "social_criterion": "Critère social",
    "social_reserved": "Marché réservé",
    "environmental": "Considération environnementale",
    "env_clause": "Clause environnementale",
    "env_criterion": "Critère environnemental",
    "source_file": "Fichier source",
    "source_format": "Format source",
    "record_index": "Position dans le fichier",
    "notes_count": "Notes de qualité",
}
DEFAULT_COLUMNS = [
    "uid", "buyer_siret", "buyer_name", "object", "cpv", "procedure", "amount",
    "notification_date", "departement", "social", "environmental", "source_file",
]  # fmt: skip


def chosen_columns(requested):
    """Keep only known columns, in the store's order; default set when none is valid."""
    valid = [column for column in CONTRACT_COLUMNS if column in set(requested)]
    return valid or list(DEFAULT_COLUMNS)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def csv_lines(header, rows):
    """Yield the CSV text piece by piece (BOM first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    yield "\ufeff"
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(title, header, rows):
    """Write an XLSX workbook into a temporary file and return it, positioned at 0."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


def indicator_table(result):
    """Header and rows of an indicator result, for CSV and XLSX."""
    header = [column.label for column in result.columns]
    rows = [[row.get(column.key) for column in result.columns] for row in result.rows]
    return header, rows
