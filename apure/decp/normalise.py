"""DECP records (any format, as dicts in the JSON shape) → canonical rows: the pieces.

Readers turn every format into the JSON shape of the regulatory formats (2019 or 2022, with
or without the XML-style wrappers). This module holds the staging columns, the label tables
and the helpers that read a record's kind, holders and fingerprint, and the Normaliser that
collects a file's rows, holders and notes; the engine that fills it (modifications applied,
values parsed, checks of checks.py run) is columnar.py. Reference lookups that need the
whole data set (buyer kind and territory) are done later in SQL.
"""

import hashlib
import json
import re
from datetime import date
from functools import lru_cache
from itertools import chain

import orjson

from . import checks
from . import values as v
from .geo import geography
from .readers.errors import unreadable_reason

# Columns of the staging table `records`, in the order of the tuples built here.
COLUMNS = [
    ("uid", "VARCHAR"),
    ("contract_id", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("buyer_siret", "VARCHAR"),
    ("buyer_name", "VARCHAR"),
    ("buyer_kind_published", "VARCHAR"),
    ("buyer_departement_published", "VARCHAR"),
    ("buyer_region_published", "VARCHAR"),
    ("object", "VARCHAR"),
    ("cpv", "VARCHAR"),
    ("nature", "VARCHAR"),
    ("procedure", "VARCHAR"),
    ("framework_agreement", "BOOLEAN"),
    ("techniques", "VARCHAR[]"),
    ("amount", "DOUBLE"),
    ("amount_published", "DOUBLE"),
    ("initial_amount", "DOUBLE"),
    ("duration_months", "DOUBLE"),
    ("notification_date", "DATE"),
    ("publication_date", "DATE"),
    ("last_publication", "DATE"),
    ("place_code", "VARCHAR"),
    ("place_type", "VARCHAR"),
    ("departement", "VARCHAR"),
    ("region", "VARCHAR"),
    ("holders_count", "INTEGER"),
    ("social", "VARCHAR"),
    ("social_clause", "BOOLEAN"),
    ("social_criterion", "BOOLEAN"),
    ("social_reserved", "BOOLEAN"),
    ("environmental", "VARCHAR"),
    ("env_clause", "BOOLEAN"),
    ("env_criterion", "BOOLEAN"),
    ("content_hash", "VARCHAR"),
    ("is_test", "BOOLEAN"),
    ("record_index", "BIGINT"),
]
HOLDER_COLUMNS = [
    ("record_index", "BIGINT"),
    ("holder_id", "VARCHAR"),
    ("id_type", "VARCHAR"),
    ("name", "VARCHAR"),
]
NOTE_COLUMNS = [
    ("record_index", "BIGINT"),
    ("field", "VARCHAR"),
    ("value", "VARCHAR"),
    ("code", "VARCHAR"),
    ("message", "VARCHAR"),
]

# SIREN of the platform vendor whose test records reach production files (DECP.md §5).
TEST_SIRENS = {"440909562"}
_TEST_OBJECT = re.compile(r"^(test|essai)\b|^TSI_.*_Objet$", re.IGNORECASE)

NATURES = {
    "marche": "Marché",
    "marche public": "Marché",
    "marche de partenariat": "Marché de partenariat",
    "marche de defense ou de securite": "Marché de défense ou de sécurité",
    "accord-cadre": "Accord-cadre",
    "accord cadre": "Accord-cadre",
    "marche subsequent": "Marché subséquent",
    "concession de travaux": "Concession de travaux",
    "concession de service": "Concession de service",
    "concession de service public": "Concession de service public",
    "delegation de service public": "Délégation de service public",
}
# What a framework agreement is in the store: one definition, `framework_agreement` (see
# docs/ANALYTICS_SCHEMA.md). Format 2019 says it in `nature`, format 2022 in `techniques`.
FRAMEWORK_NATURE = "Accord-cadre"
# A spend under a framework agreement, as format 2019 names it (the carbon estimate counts it).
SUBSEQUENT_NATURE = NATURES["marche subsequent"]
# The other natures of a format-2019 marché: one of them says « not a framework agreement ».
NATURES_2019_NOT_FRAMEWORK = frozenset({"Marché", "Marché de partenariat", SUBSEQUENT_NATURE})
# For staged records and stores written before the column existed: the 2019 nature alone,
# true or unknown (never false: a format-2022 record's nature does not say).
LEGACY_FRAMEWORK_SQL = f"CASE WHEN {{prefix}}nature = '{FRAMEWORK_NATURE}' THEN true END"


def framework_agreement(said, nature, no_2022_field: bool):
    """True, False or None (not said) for a record: its techniques (`said`, values.techniques)
    or its 2019 nature. A record with no field of the format 2022 is a format-2019 record, whose
    nature names every framework agreement; a format-2022 record without techniques says
    nothing (its nature never is « Accord-cadre »)."""
    if nature == FRAMEWORK_NATURE:
        return True
    if said is None and no_2022_field and nature in NATURES_2019_NOT_FRAMEWORK:
        return False
    return said


PROCEDURES = {
    "procedure adaptee": "Procédure adaptée",
    "appel d'offres ouvert": "Appel d'offres ouvert",
    "appel d offres ouvert": "Appel d'offres ouvert",
    "appel d'offres restreint": "Appel d'offres restreint",
    "appel d offres restreint": "Appel d'offres restreint",
    "procedure avec negociation": "Procédure avec négociation",
    "procedure concurrentielle avec negociation": "Procédure avec négociation",
    "procedure negociee avec mise en concurrence prealable": "Procédure avec négociation",
    "marche passe sans publicite ni mise en concurrence prealable": (
        "Marché passé sans publicité ni mise en concurrence préalable"
    ),
    "marche negocie sans publicite ni mise en concurrence prealable": (
        "Marché passé sans publicité ni mise en concurrence préalable"
    ),
    "dialogue competitif": "Dialogue compétitif",
    "procedure negociee ouverte": "Procédure négociée ouverte",
    "procedure non negociee ouverte": "Procédure non négociée ouverte",
    "procedure negociee restreinte": "Procédure négociée restreinte",
    "procedure non negociee restreinte": "Procédure non négociée restreinte",
}

# Buyer categories of decp.info's consolidated files (`acheteur_categorie`, from the INSEE
# legal category; schema_base.tableschema.json of decp-processing) → buyer_kind of the store.
BUYER_CATEGORIES = {
    "commune": "commune",
    "groupement de communes": "epci",
    "departement": "departement",
    "departement outre-mer": "departement",
    "region": "region",
    "etat": "etat",
    "etablissement hospitalier": "hopital",
    "epic": "autre",
    "syndicat mixte": "autre",
}
NO_PUBLISHED_BUYER = (None, None, None)


def published_buyer(buyer: dict) -> tuple:
    """(kind, département, région) published beside the buyer's SIRET by some tabular
    exports (the tabular reader puts them in the `acheteur` block); the build uses them when
    the reference table does not know the buyer."""
    category, dept, commune, region = (
        buyer.get("categorie"),
        buyer.get("departement"),
        buyer.get("commune"),
        buyer.get("region"),
    )
    if category is None and dept is None and commune is None and region is None:
        return NO_PUBLISHED_BUYER
    return _published_buyer(v.text(category), v.text(dept), v.text(commune), v.text(region))


@lru_cache(maxsize=10_000)
def _published_buyer(category, dept, commune, region) -> tuple:
    # An unknown category stays unknown: buyer_kind only holds the store's codes.
    kind = BUYER_CATEGORIES.get(v.fold(category)) if category else None
    return (kind, *geography().buyer_published(dept, commune, region))


def buyer_name(buyer: dict, record: dict):
    """The buyer's name: its block's `nom` (one producer writes `nom `), else a tabular
    export's `acheteur.nom`."""
    return v.text(buyer.get("nom") or buyer.get("nom ") or record.get("acheteur.nom"))


def _label(table, value):
    raw = v.text(value)
    if raw is None:
        return None
    return table.get(v.fold(raw), raw)


def unwrap_list(value, wrapper: str) -> list:
    """Items of a list field whatever the wrapping: [{"titulaire": {...}}], [[{...}]], {...}."""
    if value is None:
        return []
    if isinstance(value, dict):
        inner = value.get(wrapper, value)
        return unwrap_list(inner, wrapper) if inner is not value else [value]
    if not isinstance(value, list):
        return []
    items = []
    for item in value:
        if isinstance(item, list):
            items.extend(unwrap_list(item, wrapper))
        elif isinstance(item, dict):
            inner = item.get(wrapper)
            if isinstance(inner, (dict, list)):
                items.extend(unwrap_list(inner, wrapper) if isinstance(inner, list) else [inner])
            elif inner is None:
                items.append(item)
    return items


def holders_of(value, wrapper: str) -> list[tuple]:
    if type(value) is list:  # the usual case: wrapped holders with text identifiers
        result, seen = [], set()
        for item in value:
            inner = item.get(wrapper) if type(item) is dict else None
            if type(inner) is not dict:
                break
            holder_id, id_type = inner.get("id"), inner.get("typeIdentifiant")
            if type(holder_id) is not str or not (id_type is None or type(id_type) is str):
                break
            holder_id = holder_id.strip()
            if holder_id and holder_id not in seen:
                seen.add(holder_id)
                name = inner.get("denominationSociale") or inner.get("nom")
                result.append(_holder(holder_id, id_type, name))
        else:
            return result
    result, seen = [], set()
    for item in unwrap_list(value, wrapper):
        holder_id = item.get("id")
        holder_id = holder_id.strip() if type(holder_id) is str else v.text(holder_id)
        if not holder_id or holder_id in seen:
            continue
        seen.add(holder_id)
        result.append(
            _holder(
                holder_id,
                item.get("typeIdentifiant"),
                item.get("denominationSociale") or item.get("nom"),
            )
        )
    return result


@lru_cache(maxsize=v.IDENTIFIER_CACHE)
def _holder_cached(holder_id, id_type, name):
    return _holder_plain(holder_id, id_type, name)


def _holder(holder_id, id_type, name):
    if (id_type is None or type(id_type) is str) and (name is None or type(name) is str):
        return _holder_cached(holder_id, id_type, name)
    return _holder_plain(holder_id, id_type, name)


def _holder_plain(holder_id, id_type, name):
    holder_id = holder_id.replace(" ", "")
    id_type = v.text(id_type)
    id_type = id_type.upper().replace("_INTRACOMMUNAUTAIRE", "") if id_type else None
    if id_type is None and len(holder_id) == 14 and holder_id.isdigit():
        id_type = "SIRET"
    return holder_id, id_type, v.text(name)


@lru_cache(maxsize=v.IDENTIFIER_CACHE)
def _siret_ok(value: str) -> bool:
    return v.siret(value)[1] and len(value) == 14


def _mod_order(mod):
    raw = mod.get("id")
    try:
        rank = int(raw)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite float
        rank = 0
    when = mod.get("dateNotificationModification") or mod.get("dateSignatureModification") or ""
    return (str(when)[:10] if isinstance(when, str) else "", rank)


def content_hash(record) -> str:
    """Fingerprint of a record as published (not a security hash)."""
    try:
        payload = orjson.dumps(record)
    except TypeError:  # integers beyond 64 bits, non-text keys
        payload = json.dumps(record, default=str).encode()
    return hashlib.sha1(payload, usedforsecurity=False).hexdigest()[:24]


def _get(record, *names):
    for name in names:
        value = record.get(name)
        if value is not None:
            return value
    return None


def record_kind(record, hint: str) -> str:
    """marche or concession: the array's name first, then the record's own fields."""
    typ = record.get("_type")
    if hint == "concession" or (isinstance(typ, str) and "concession" in typ.lower()):
        return "concession"
    if "acheteur" in record or "acheteur.id" in record:
        return "marche"
    if (
        "autoriteConcedante" in record
        or "concessionnaires" in record
        or "valeurGlobale" in record
        or "autoriteConcedante.id" in record
    ):
        return "concession"
    return "marche"


class Normaliser:
    """Turns records into rows; collects notes. One instance per file.

    Rows are kept as column lists, a chunk per batch (the Parquet parts are written column by
    column); `columnar.evaluate` is the one engine that fills them, for a batch of regular
    records as for a single record."""

    def __init__(self, today: date | None = None):
        from .columnar import ColumnCaches  # columnar builds on the helpers of this module

        self.today = today or date.today()
        self.geo = geography()
        self.caches = ColumnCaches()
        self.holders, self.notes = [], []
        self.row_columns = []  # chunks of rows, as lists of column values
        self.batched = 0

    def add_columns(self, columns: list) -> None:
        self.row_columns.append(columns)
        self.batched += len(columns[0])

    def row_count(self) -> int:
        return self.batched

    def columns(self) -> list | None:
        """Every row so far as column lists."""
        chunks = self.row_columns
        if len(chunks) <= 1:
            return chunks[0] if chunks else None
        return [
            list(chain.from_iterable(chunk[i] for chunk in chunks)) for i in range(len(chunks[0]))
        ]

    @property
    def rows(self) -> list[tuple]:
        """Every row so far as tuples (for tests and small uses)."""
        columns = self.columns()
        return list(zip(*columns, strict=True)) if columns else []

    def clear(self) -> None:
        self.holders, self.notes = [], []
        self.row_columns, self.batched = [], 0

    def note(self, index, field, value, code, detail=""):
        raw = "" if value is None else str(value)[:200]
        self.notes.append((index, field, raw or None, code, checks.message(code, raw, detail)))

    def mark(self) -> tuple:
        """Where the output stands, to roll back a record or batch that failed half-way."""
        return len(self.holders), len(self.notes), len(self.row_columns)

    def rollback(self, mark: tuple) -> None:
        holders, notes, chunks = mark
        del self.holders[holders:], self.notes[notes:]
        for chunk in self.row_columns[chunks:]:
            self.batched -= len(chunk[0])
        del self.row_columns[chunks:]

    def add_or_note(self, record, index: int, hint: str = "marche") -> bool:
        """add(), except that a record breaking the normaliser (a case no rule foresaw)
        becomes an `unreadable_record` note instead of ending the import of its file."""
        mark = self.mark()
        try:
            return self.add(record, index, hint)
        except Exception as error:  # noqa: BLE001 -- one bad record must not stop a file
            self.rollback(mark)
            self.note(index, "", None, "unreadable_record", unreadable_reason(error))
            return False

    def add(self, record, index: int, hint: str = "marche") -> bool:
        """Normalise one record (a batch of one); False when nothing at all can key it."""
        from .columnar import add_batch

        return add_batch(self, [record], [index], hint) == 1
