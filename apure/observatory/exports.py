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
from openpyxl.cell import WriteOnlyCell

from . import labels

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
    "notification_date", "departement", "buyer_departement", "social", "environmental",
    "source_file",
]  # fmt: skip


def chosen_columns(requested):
    """Keep only known columns, in the store's order; default set when none is valid."""
    valid = [column for column in CONTRACT_COLUMNS if column in set(requested)]
    return valid or list(DEFAULT_COLUMNS)


# Stored codes of the consideration columns, exported in French like the pages show them.
CONSIDERATION_COLUMNS = {"social", "environmental"}
DATE_COLUMNS = {"notification_date", "publication_date", "last_publication"}
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_SHARE_FORMAT = "0.0%"


def contract_rows(columns, rows):
    """Store rows made readable: « oui / non / inconnu » instead of yes / no / unknown."""
    positions = [index for index, column in enumerate(columns) if column in CONSIDERATION_COLUMNS]
    if not positions:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for index in positions:
            row[index] = labels.consideration(row[index]).lower()
        yield row


def contract_formats(columns):
    """XLSX number format per column: dates are real dates, shown the French way."""
    return [XLSX_DATE_FORMAT if column in DATE_COLUMNS else None for column in columns]


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


def _xlsx_value(value):
    """Dates stay dates (a spreadsheet can sort and compute them); the rest as in CSV."""
    if isinstance(value, date | datetime):
        return value
    return _cell(value)


def xlsx_file(title, header, rows, formats=None):
    """Write an XLSX workbook into a temporary file and return it, positioned at 0.

    `formats`: one number format (or None) per column, e.g. a date or percent format.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    formats = formats or []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            number_format = formats[index] if index < len(formats) else None
            value = _xlsx_value(value)
            if number_format and value != "":
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                value = cell
            cells.append(value)
        sheet.append(cells)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


def indicator_table(result, fmt="csv"):
    """Header, rows and XLSX number formats of an indicator result.

    Shares are fractions in the results (0.25); a spreadsheet user reads percentages, so the
    CSV gives them in percent (25.0) and the XLSX keeps the fraction under a percent format
    (shown 25,0 %). Gaps are already in percentage points.
    """
    header, formats = [], []
    for column in result.columns:
        is_share = column.kind == "share"
        header.append(f"{column.label} (%)" if is_share else column.label)
        formats.append(XLSX_SHARE_FORMAT if is_share and fmt == "xlsx" else None)
    rows = []
    for item in result.rows:
        row = []
        for column in result.columns:
            value = item.get(column.key)
            if column.kind == "share" and fmt == "csv" and isinstance(value, int | float):
                value = round(100 * value, 4)
            row.append(value)
        rows.append(row)
    return header, rows, formats
