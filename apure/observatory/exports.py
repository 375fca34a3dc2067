"""CSV and XLSX exports of contract lists and indicator tables.

CSV: UTF-8 with a byte-order mark, `;` as separator and a decimal comma, what French
spreadsheet software opens as numbers without an import dialog (a decimal point would make
amounts text). Machines read the JSON API, whose numbers stay numbers.
XLSX: streamed by `xlsx` (constant memory); header row frozen, autofilter, amounts in euros
and shares in percent. Lists are capped (see LIMITS).
Text that a spreadsheet would run as a formula is neutralised in both (`apure.spreadsheets`).
File names say what a file holds: its content, the filters and the day of the extract.
"""

import csv
import io
import tempfile
from datetime import date, datetime

from django.utils import timezone
from django.utils.text import slugify

from apure.spreadsheets import inert_text

from . import geography, labels, xlsx

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
AMOUNT_COLUMNS = {"amount", "initial_amount", "amount_published"}
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_SHARE_FORMAT = "0.0%"
XLSX_EUR_FORMAT = '#,##0.00 "€"'
CSV_DECIMAL = ","
FILE_NAME_MAX = 120


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
    """XLSX number format per column: real dates shown the French way, amounts in euros."""
    return [
        XLSX_DATE_FORMAT
        if column in DATE_COLUMNS
        else XLSX_EUR_FORMAT
        if column in AMOUNT_COLUMNS
        else None
        for column in columns
    ]


def today() -> date:
    """The day of an extract (a function, so that tests can fix it)."""
    return timezone.localdate()


def file_name(content, filters, fmt) -> str:
    """« apure-marches-hauts-de-france-2024-au-2026-11-02.xlsx »: content, filters, day."""
    parts = ["apure", content.replace("_", "-")]
    if filters.departement:
        parts.append(geography.departement_name(filters.departement))
    elif filters.region:
        parts.append(geography.region_name(filters.region))
    elif not filters.buyer:
        parts.append("france")
    parts += [filters.buyer, *map(str, filters.years), filters.buyer_kind]
    parts += [f"cpv-{filters.cpv_division}" if filters.cpv_division else ""]
    parts += [filters.segment, filters.procedure, filters.amount_band, filters.kind]
    stem = slugify(" ".join(part for part in parts if part))[:FILE_NAME_MAX].strip("-")
    return f"{stem}-au-{today().isoformat()}.{fmt}"


def _csv_number(value: float) -> str:
    """A decimal number the French way (« 1234,5 »), whole numbers without decimals."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).replace(".", CSV_DECIMAL)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _csv_cell(value):
    value = _cell(value)
    if isinstance(value, str):
        return inert_text(value)
    return _csv_number(value) if isinstance(value, float) else value


def csv_lines(header, rows):
    """Yield the CSV text piece by piece (BOM first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    yield "\ufeff"
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
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


def write_xlsx(out, title, header, rows, formats=None) -> int:
    """Write the rows as an XLSX workbook into the binary file `out`; return how many.

    `formats`: one number format (or None) per column, e.g. a date or percent format.
    """
    values = ([_xlsx_value(value) for value in row] for row in rows)
    return xlsx.write(out, title, header, values, formats)


def xlsx_file(title, header, rows, formats=None):
    """The workbook in a temporary file, positioned at 0 (for small tables)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_xlsx(handle, title, header, rows, formats)
    handle.seek(0)
    return handle


def indicator_table(result, fmt="csv"):
    """Header, rows and XLSX number formats of an indicator result.

    Shares are fractions in the results (0.25); a spreadsheet user reads percentages, so the
    CSV gives them in percent (« 25,0 ») and the XLSX keeps the fraction under a percent format
    (shown 25,0 %). Gaps are already in percentage points.
    """
    header, formats = [], []
    xlsx_formats = {"share": XLSX_SHARE_FORMAT, "eur": XLSX_EUR_FORMAT}
    for column in result.columns:
        is_share = column.kind == "share"
        header.append(f"{column.label} (%)" if is_share else column.label)
        formats.append(xlsx_formats.get(column.kind) if fmt == "xlsx" else None)
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
