"""One DECP record (any format, as a dict in the JSON shape) → one canonical row.

Readers turn every format into the JSON shape of the regulatory formats (2019 or 2022, with
or without the XML-style wrappers); this module applies modifications, parses values and
returns the row, its holders and its data-quality notes. Reference lookups that need the
whole data set (buyer kind and territory) are done later in SQL.
"""

import hashlib
import json
import re
from datetime import date
from functools import lru_cache
from itertools import chain

import orjson

from . import values as v
from .geo import geography
from .readers.errors import Unreadable, unreadable_reason

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

MESSAGES = {
    "missing_key": "Impossible d'identifier le marché : {detail}.",
    "placeholder_id": "Identifiant « {value} » factice : marché identifié par son contenu.",
    "invalid_siret": "SIRET « {value} » invalide (longueur ou clé de contrôle).",
    "invalid_holder_id": "SIRET de titulaire « {value} » invalide (longueur ou clé de contrôle).",
    "missing_cpv": "Code CPV absent.",
    "unknown_cpv": "Code CPV « {value} » absent de la nomenclature CPV 2008.",
    "missing_amount": "Montant absent ou illisible : aucun montant retenu.",
    "absurd_amount": "Montant {value} invraisemblable ({detail}) : non retenu dans les sommes.",
    "missing_date": "Date de notification absente.",
    "invalid_date": "Date « {value} » illisible ou impossible.",
    "future_date": "Date « {value} » postérieure à l'import.",
    "suspicious_duration": "Durée de {value} mois invraisemblable.",
    "contradictory_considerations": (
        "« Pas de considération » publié avec une considération positive : valeur inconnue."
    ),
    "unknown_consideration": "Valeur de considération « {value} » non reconnue.",
    "test_record": "Enregistrement de test d'un éditeur ({detail}).",
    "unreadable_record": "Enregistrement écarté : {detail}.",
    "invalid_character": (
        "Caractère invalide (moitié de paire UTF-16) remplacé par « \ufffd » : « {value} »."
    ),
}
AMOUNT_DETAIL = {
    "negative": "négatif",
    "low": "≤ 1 €",
    "high": "hors échelle",
    "filler": "valeur de remplissage",
}

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


def _label(table, value):
    raw = v.text(value)
    if raw is None:
        return None
    return table.get(v.fold(raw), raw)


_label_caches: dict = {}


def label(table, value):
    cache = _label_caches.setdefault(id(table), {})
    key = value if type(value) is str else repr(value)
    found = cache.get(key)
    if found is None:
        found = cache[key] = (_label(table, value),)
    return found[0]


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


@lru_cache(maxsize=200_000)
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


@lru_cache(maxsize=200_000)
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
    """Turns records into rows; collects notes. One instance per file."""

    def __init__(self, today: date | None = None):
        self.today = today or date.today()
        self.geo = geography()
        self.rows, self.holders, self.notes = [], [], []
        self.row_columns = []  # rows of batches, as lists of column values (columnar.py)
        self.batched = 0

    def add_columns(self, columns: list) -> None:
        self.row_columns.append(columns)
        self.batched += len(columns[0])

    def row_count(self) -> int:
        return len(self.rows) + self.batched

    def columns(self) -> list | None:
        """Every row so far as column lists (record-by-record rows, then batches)."""
        chunks = [list(zip(*self.rows, strict=True))] if self.rows else []
        chunks.extend(self.row_columns)
        if len(chunks) <= 1:
            return chunks[0] if chunks else None
        return [
            list(chain.from_iterable(chunk[i] for chunk in chunks)) for i in range(len(chunks[0]))
        ]

    def clear(self) -> None:
        self.rows, self.holders, self.notes = [], [], []
        self.row_columns, self.batched = [], 0

    def note(self, index, field, value, code, detail=""):
        raw = "" if value is None else str(value)[:200]
        message = MESSAGES.get(code, code).format(value=raw, detail=detail)
        self.notes.append((index, field, raw or None, code, message))

    def mark(self) -> tuple:
        """Where the output stands, to roll back a record or batch that failed half-way."""
        return len(self.rows), len(self.holders), len(self.notes), len(self.row_columns)

    def rollback(self, mark: tuple) -> None:
        rows, holders, notes, chunks = mark
        del self.rows[rows:], self.holders[holders:], self.notes[notes:]
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
        """Normalise one record; False when nothing at all can key it."""
        if type(record) is Unreadable:  # the reader could not decode it (readers/errors.py)
            self.note(index, "", None, "unreadable_record", record.reason)
            return False
        if not isinstance(record, dict):
            self.note(index, "", type(record).__name__, "missing_key", "pas un objet")
            return False
        note = self.note
        kind = record_kind(record, hint)
        concession = kind == "concession"
        mods = unwrap_list(record.get("modifications"), "modification")
        if len(mods) > 1:
            mods.sort(key=_mod_order)

        # Buyer
        buyer = record.get("autoriteConcedante" if concession else "acheteur")
        if not isinstance(buyer, dict):  # a producer may use the other kind's block
            buyer = record.get("acheteur" if concession else "autoriteConcedante")
            buyer = buyer if isinstance(buyer, dict) else {}
        buyer_raw = buyer.get("id")
        if buyer_raw is None:
            buyer_raw = _get(record, "acheteur.id", "autoriteConcedante.id", "acheteur_id")
        buyer_siret, buyer_ok = v.siret(buyer_raw)
        buyer_name = v.text(buyer.get("nom") or buyer.get("nom ") or record.get("acheteur.nom"))
        buyer_kind, buyer_dept, buyer_region = published_buyer(buyer)

        contract_id, placeholder = v.contract_id(record.get("id"))
        digest = content_hash(record)
        obj = v.text(record.get("objet"))

        # Amounts: the latest modification that gives one wins.
        amount_field = "valeurGlobale" if concession else "montant"
        raw_amount = record.get(amount_field)
        if raw_amount is None and concession:
            raw_amount = record.get("montant")
        initial = v.number(raw_amount)
        current, duration_raw = initial, record.get("dureeMois")
        holders_raw, holder_wrapper = (
            (record.get("concessionnaires"), "concessionnaire")
            if concession
            else (record.get("titulaires"), "titulaire")
        )
        last_pub = record.get("datePublicationDonnees")
        last_pub = last_pub if isinstance(last_pub, str) else None
        for mod in mods:
            mod_amount = v.number(mod.get(amount_field, mod.get("montant")))
            if mod_amount is not None:
                current = mod_amount
            if mod.get("dureeMois") is not None:
                duration_raw = mod["dureeMois"]
            if holders_of(mod.get("titulaires"), "titulaire"):
                holders_raw, holder_wrapper = mod["titulaires"], "titulaire"
            mod_pub = mod.get("datePublicationDonneesModification")
            if isinstance(mod_pub, str) and (last_pub is None or mod_pub[:10] > last_pub[:10]):
                last_pub = mod_pub

        nothing = contract_id is None or placeholder
        if buyer_siret is None and nothing and obj is None and initial is None:
            note(index, "id", record.get("id"), "missing_key", "ni identifiant, ni acheteur")
            return False

        if buyer_siret is None:
            note(index, "acheteur.id", buyer_raw, "missing_key", "SIRET de l'acheteur absent")
        elif not buyer_ok:
            note(index, "acheteur.id", buyer_raw, "invalid_siret")
        if placeholder:
            note(index, "id", record.get("id"), "placeholder_id")
            uid = "fp:" + digest
        elif buyer_siret is None:
            uid = "fp:" + digest
        else:
            uid = f"{buyer_siret}/{contract_id}"

        amount = current
        if current is None:
            note(index, amount_field, raw_amount, "missing_amount")
        else:
            problem = v.amount_problem(current, kind)
            if problem:  # kept in amount_published only, as the note says
                note(index, amount_field, current, "absurd_amount", AMOUNT_DETAIL[problem])
                amount = None

        # CPV (marchés only in format 2022)
        cpv = None
        raw_cpv = record.get("codeCPV")
        if not concession or raw_cpv is not None:
            cpv, problem = v.cpv(raw_cpv if isinstance(raw_cpv, (str, int)) else None)
            if problem:
                note(index, "codeCPV", raw_cpv, problem)

        # Dates
        notif_field = "dateSignature" if concession else "dateNotification"
        raw_notif = record.get(notif_field)
        if raw_notif is None and concession:
            raw_notif, notif_field = record.get("dateNotification"), "dateNotification"
        notification, problem = v.parse_date(raw_notif, self.today)
        if problem == "missing":
            note(index, notif_field, None, "missing_date")
        elif problem:
            note(index, notif_field, raw_notif, problem)
        publication, problem = v.parse_date(record.get("datePublicationDonnees"), self.today)
        if problem and problem != "missing":
            note(index, "datePublicationDonnees", record.get("datePublicationDonnees"), problem)
        last_publication, _ = v.parse_date(last_pub, self.today) if last_pub else (None, None)
        last_publication = last_publication or publication

        duration = v.number(duration_raw)
        if duration is not None and (duration <= 0 or duration > v.MAX_DURATION_MONTHS[kind]):
            note(index, "dureeMois", duration_raw, "suspicious_duration")

        # Place of execution
        place = record.get("lieuExecution")
        if isinstance(place, dict):
            place_code, place_type = v.text(place.get("code")), v.text(place.get("typeCode"))
        else:
            place_code = v.text(record.get("lieuExecution.code"))
            place_type = v.text(record.get("lieuExecution.typeCode"))
        dept, region = self.geo.place(place_code, place_type) if place_code else (None, None)

        # Considerations
        social, social_flags, problem = v.considerations(
            record.get("considerationsSociales"), "social"
        )
        if problem:
            note(index, "considerationsSociales", record.get("considerationsSociales"), problem)
        env, env_flags, problem = v.considerations(
            record.get("considerationsEnvironnementales"), "environmental"
        )
        if problem:
            note(
                index,
                "considerationsEnvironnementales",
                record.get("considerationsEnvironnementales"),
                problem,
            )

        holders = holders_of(holders_raw, holder_wrapper)
        for holder in holders:
            self.holders.append((index, *holder))
            if holder[1] == "SIRET" and not _siret_ok(holder[0]):
                note(index, "titulaires.id", holder[0], "invalid_holder_id")

        is_test = bool(buyer_siret and buyer_siret[:9] in TEST_SIRENS) or bool(
            obj and _TEST_OBJECT.search(obj)
        )
        if is_test:
            if obj and _TEST_OBJECT.search(obj):
                note(index, "objet", obj, "test_record", "objet de test")
            else:
                note(index, "acheteur.id", buyer_siret, "test_record", "SIREN d'un éditeur")

        self.rows.append(
            (
                uid,
                contract_id,
                kind,
                buyer_siret,
                buyer_name,
                buyer_kind,
                buyer_dept,
                buyer_region,
                obj,
                cpv,
                label(NATURES, record.get("nature")),
                label(PROCEDURES, record.get("procedure")),
                amount,
                current,
                initial,
                duration,
                notification,
                publication,
                last_publication,
                place_code,
                place_type,
                dept,
                region,
                len(holders),
                social,
                None if social_flags is None else "clause" in social_flags,
                None if social_flags is None else "criterion" in social_flags,
                None if social_flags is None else "reserved" in social_flags,
                env,
                None if env_flags is None else "clause" in env_flags,
                None if env_flags is None else "criterion" in env_flags,
                digest,
                is_test,
                index,
            )
        )
        return True
