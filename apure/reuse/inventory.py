"""Import of a reuse inventory (the « diagnostic PEMD » of a site, in apure's template) into
draft lots.

The file is CSV (UTF-8, `;` or `,`) or XLSX, told from its bytes. Every row is checked first;
when any row is wrong nothing is imported and every error is listed (row, column, reason), so
that the owner corrects the file and imports it again without duplicates.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from apure.network.uploads import document_format
from apure.reference.models import Commune
from apure.search.text import fold

from .choices import Category, Condition, Price, Removal, Unit
from .models import Lot, LotStatus

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

# Column header → (field, required). The order is the template's.
COLUMNS = {
    "Intitulé": ("title", True),
    "Catégorie": ("category", True),
    "Description": ("description", False),
    "Quantité": ("quantity", True),
    "Unité": ("unit", True),
    "Masse unitaire (kg)": ("unit_mass_kg", False),
    "État": ("condition", True),
    "Dimensions": ("dimensions", False),
    "Adresse du site": ("site_address", False),
    "Code INSEE de la commune": ("commune", True),
    "Disponible à partir du": ("available_from", True),
    "Disponible jusqu'au": ("available_until", False),
    "Enlèvement": ("removal", True),
    "Prix": ("price", False),
    "Valeur à neuf unitaire (€ HT)": ("new_unit_value_eur", False),
}
EXAMPLE_ROW = [
    "Portes intérieures isoplanes 83 cm",
    Category.PARTITIONS.label,
    "Portes avec huisseries, poignées déposées à part",
    "24",
    "u",
    "25",
    Condition.GOOD.label,
    "204 × 83 cm",
    "12 rue de l'Exemple",
    "59350",
    "01/09/2026",
    "31/12/2026",
    Removal.ALREADY_REMOVED.label,
    Price.FREE.label,
    "180",
]
UNIT_WORDS = {"u": "u", "unite": "u", "m2": "m2", "m²": "m2", "ml": "ml", "m3": "m3", "m³": "m3"}
UNIT_WORDS["kg"] = "kg"


class InventoryError(Exception):
    """The file as a whole cannot be read (format, size, header)."""


@dataclass
class RowError:
    row: int
    column: str
    reason: str


def _key(text) -> str:
    return " ".join(fold(str(text or "")).split())


def _choice(choices):
    """Accept a choice by its code or its label, whatever the case and accents."""
    table = {}
    for value, label in choices:
        table[_key(value)] = value
        table[_key(label)] = value
    return table


CATEGORIES = _choice(Category.choices)
CONDITIONS = _choice(Condition.choices)
REMOVALS = _choice(Removal.choices)
PRICES = _choice(Price.choices)


def _listing(choices):
    return ", ".join(f"« {label} »" for _, label in choices)


def _decimal(text):
    cleaned = str(text).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    value = Decimal(cleaned.replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _read_rows(uploaded):
    kind = document_format(uploaded)
    if kind == "xlsx":
        return _xlsx_rows(uploaded)
    if kind is not None:
        raise InventoryError("Le fichier doit être un tableur CSV ou XLSX (pas un document).")
    return _csv_rows(uploaded)


def _csv_rows(uploaded):
    raw = uploaded.read()
    uploaded.seek(0)
    if b"\x00" in raw:
        raise InventoryError("Le fichier n'est ni un CSV ni un XLSX lisible.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InventoryError(
            "Le fichier CSV doit être enregistré en UTF-8 (« CSV UTF-8 » dans votre tableur)."
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(uploaded):
    from openpyxl import load_workbook

    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # a damaged package: openpyxl raises many kinds
        raise InventoryError("Le fichier XLSX est illisible.") from error
    finally:
        uploaded.seek(0)
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2):
        rows.append(["" if value is None else value for value in row])
    book.close()
    return rows


def _header_map(header):
    found = {_key(title): index for index, title in enumerate(header)}
    missing = [title for title in COLUMNS if _key(title) not in found]
    if missing:
        raise InventoryError(
            "Colonnes manquantes dans la première ligne\u00a0: "
            + ", ".join(f"« {title} »" for title in missing)
            + ". Partez du modèle à télécharger."
        )
    return {title: found[_key(title)] for title in COLUMNS}


class _RowReader:
    """Turns one row into the fields of a lot, collecting its errors."""

    def __init__(self, number, cells, positions, communes):
        self.number, self.cells, self.positions = number, cells, positions
        self.communes = communes
        self.errors = []

    def text(self, column):
        index = self.positions[column]
        value = self.cells[index] if index < len(self.cells) else ""
        return value if isinstance(value, date | datetime) else str(value).strip()

    def fail(self, column, reason):
        self.errors.append(RowError(self.number, column, reason))

    def fields(self):
        values = {}
        for column, (field, required) in COLUMNS.items():
            raw = self.text(column)
            if raw == "" or raw is None:
                if required:
                    self.fail(column, "valeur obligatoire manquante")
                continue
            try:
                values[field] = self.convert(field, raw)
            except ValueError as error:
                self.fail(column, str(error))
        start, end = values.get("available_from"), values.get("available_until")
        if start and end and end < start:
            self.fail("Disponible jusqu'au", "date antérieure au début de disponibilité")
        return values

    def convert(self, field, raw):
        if field in ("quantity", "unit_mass_kg", "new_unit_value_eur"):
            try:
                number = _decimal(raw)
            except InvalidOperation:
                raise ValueError(f"« {raw} » n'est pas un nombre") from None
            if number < 0 or (field == "quantity" and number == 0):
                raise ValueError("le nombre doit être positif")
            return number
        if field in ("available_from", "available_until"):
            try:
                return _date(raw)
            except ValueError:
                raise ValueError(f"« {raw} » n'est pas une date (jj/mm/aaaa)") from None
        if field == "commune":
            code = str(raw).strip().zfill(5)
            if code not in self.communes:
                raise ValueError(f"« {raw} » n'est pas un code INSEE de commune connu")
            return self.communes[code]
        table, choices = {
            "category": (CATEGORIES, Category.choices),
            "condition": (CONDITIONS, Condition.choices),
            "removal": (REMOVALS, Removal.choices),
            "price": (PRICES, Price.choices),
            "unit": (UNIT_WORDS, Unit.choices),
        }.get(field, (None, None))
        if table is not None:
            value = table.get(_key(raw)) or table.get(str(raw).strip())
            if value is None:
                raise ValueError(f"« {raw} » n'est pas dans la liste\u00a0: {_listing(choices)}")
            return value
        limit = Lot._meta.get_field(field).max_length
        if limit and len(raw) > limit:
            raise ValueError(f"texte trop long ({len(raw)} caractères, {limit} au plus)")
        return raw


@dataclass
class ImportResult:
    lots: list
    errors: list


def parse(uploaded):
    """(fields of each row, errors). Raises InventoryError for a file that cannot be read."""
    if uploaded.size > MAX_BYTES:
        raise InventoryError(
            "Le fichier dépasse 2 Mo\u00a0: découpez l'inventaire en plusieurs fichiers."
        )
    rows = _read_rows(uploaded)
    if not rows:
        raise InventoryError("Le fichier est vide.")
    positions = _header_map(rows[0])
    body = [
        (number, cells)
        for number, cells in enumerate(rows[1:], start=2)
        if any(str(cell).strip() for cell in cells)
    ]
    if len(body) > MAX_ROWS:
        raise InventoryError(f"Le fichier a plus de {MAX_ROWS} lignes\u00a0: découpez-le.")
    codes = {
        str(cells[positions["Code INSEE de la commune"]]).strip().zfill(5)
        for _, cells in body
        if positions["Code INSEE de la commune"] < len(cells)
    }
    communes = Commune.objects.in_bulk(codes)
    parsed, errors = [], []
    for number, cells in body:
        reader = _RowReader(number, cells, positions, communes)
        fields = reader.fields()
        errors += reader.errors
        parsed.append(fields)
    if not body:
        errors.append(RowError(2, "", "aucune ligne de lot sous l'en-tête"))
    return parsed, errors


@transaction.atomic
def import_file(uploaded, user) -> ImportResult:
    """Draft lots of `user`'s body from the file, or the errors and no lot at all."""
    parsed, errors = parse(uploaded)
    if errors:
        return ImportResult([], errors)
    contact = user.get_full_name() or user.email
    lots = []
    for fields in parsed:
        lot = Lot(
            organisation=user.organisation,
            created_by=user,
            status=LotStatus.DRAFT,
            contact_name=contact,
            contact_email=user.email,
            **fields,
        )
        lot.save()
        lots.append(lot)
    return ImportResult(lots, [])


def template_rows():
    return list(COLUMNS), [EXAMPLE_ROW]
