"""The normalisation engine: a batch of records → rows, holders and notes, field by field.

Two extractors read records into the raw columns of a `Batch`: `extract` takes any record
(both formats, concessions, modifications, odd wrappers), one at a time; `add_batch` reads
the regular records of a piece (a format-2022 marché without modification, by far the most
common shape) a whole column at a time. Then one engine, `evaluate`, parses every column
through the parsers of values.py (with per-value caches: repeated values are the rule) and
runs the checks of checks.py. The record-by-record path is the same engine on a batch of one,
so both paths give the same rows and notes by construction; tests/decp/test_columnar.py
compares them still, which guards the two extractors.
"""

from itertools import repeat

from . import checks
from . import values as v
from .normalise import (
    _TEST_OBJECT,
    FRAMEWORK_NATURE,
    NATURES,
    NO_PUBLISHED_BUYER,
    PROCEDURES,
    TEST_SIRENS,
    _get,
    _label,
    _mod_order,
    _siret_ok,
    buyer_name,
    content_hash,
    framework_agreement,
    holders_of,
    published_buyer,
    record_kind,
    unwrap_list,
)
from .readers import format_of_record
from .readers.errors import Unreadable

CACHE_MAX = 500_000  # values per field; beyond, the field's cache starts again empty
MAX_DURATION = v.MAX_DURATION_MONTHS


class ColumnCaches:
    """Bounded value → parsed value maps, one per field (repeated values are the rule)."""

    def __init__(self):
        self.maps: dict = {}

    def apply(self, name, function, values) -> list:
        """function(value) for each value. Only text and None are cached: 1, 1.0 and True
        are equal as keys but not as published values."""
        cache = self.maps.setdefault(name, {})
        try:
            return list(map(cache.__getitem__, values))
        except (KeyError, TypeError):  # a new value, or an unhashable one (a list, a dict)
            pass
        if len(cache) > CACHE_MAX:
            cache.clear()
        for value in values:
            if (type(value) is str or value is None) and value not in cache:
                cache[value] = function(value)
        return [
            cache[value] if type(value) is str or value is None else function(value)
            for value in values
        ]


# Raw columns, filled by the extractors (one value per record).
RAW = (
    "indices",
    "kinds",
    "buyer_raws",
    "buyer_names",
    "published",
    "id_raws",
    "digests",
    "object_raws",
    "amount_fields",
    "amount_raws",
    "mod_amounts",
    "cpv_raws",
    "notif_fields",
    "notif_raws",
    "pub_raws",
    "last_pub_raws",
    "duration_raws",
    "places",
    "social_raws",
    "env_raws",
    "holders",
    "nature_raws",
    "procedure_raws",
    "technique_raws",
    "no_2022_fields",
)


class Batch:
    """Columns of a batch of records: raw (RAW, from the extractors), then parsed (by
    `evaluate`). The checks of checks.py read them."""

    max_duration = MAX_DURATION
    holder_siret_ok = staticmethod(_siret_ok)

    def __init__(self):
        for name in RAW:
            setattr(self, name, [])
        self.modified = False  # some record had a modification (mod_amounts, last_pub_raws)
        self._failing = {}

    def __len__(self):
        return len(self.indices)

    def invalid_buyers(self) -> list:
        """Positions whose buyer SIRET is missing or invalid (two checks read them)."""
        found = self._failing.get("buyers")
        if found is None:
            found = self._failing["buyers"] = [
                n for n, (_siret, valid) in enumerate(self.sirets) if not valid
            ]
        return found

    def failing(self, column) -> list:
        """Positions whose parsed value of `column` carries a check code (its last item)."""
        found = self._failing.get(column)
        if found is None:
            found = self._failing[column] = [
                n for n, value in enumerate(getattr(self, column)) if value[-1] is not None
            ]
        return found

    def keep(self, positions, names) -> None:
        for name in names:
            column = getattr(self, name)
            setattr(self, name, [column[n] for n in positions])


# --- extractors ------------------------------------------------------------------------------


def _place_of(geo, lieu, record):
    if isinstance(lieu, dict):
        code, type_code = v.text(lieu.get("code")), v.text(lieu.get("typeCode"))
    else:
        code = v.text(record.get("lieuExecution.code"))
        type_code = v.text(record.get("lieuExecution.typeCode"))
    dept, region = geo.place(code, type_code) if code else (None, None)
    return code, type_code, dept, region


def _places(geo, batch, cache) -> list:
    found = []
    for record in batch:
        lieu = record.get("lieuExecution")
        if type(lieu) is dict:
            key = (lieu.get("code"), lieu.get("typeCode"))
            if type(key[0]) is str and (key[1] is None or type(key[1]) is str):
                place = cache.get(key)
                if place is None:
                    if len(cache) > CACHE_MAX:
                        cache.clear()
                    place = cache[key] = _place_of(geo, lieu, record)
                found.append(place)
                continue
        found.append(_place_of(geo, lieu, record))
    return found


def _techniques_of(record) -> tuple:
    """(the published techniques, the record has no field of the format 2022): schema 2.0.0
    named the bare list `technique`; the second item is only needed without techniques."""
    raw = record.get("techniques")
    if raw is None:
        raw = record.get("technique")
        if raw is None:
            return None, format_of_record(record) == "2019"
    return raw, False


def extract(norm, batch: Batch, record, index: int, hint: str) -> bool:
    """Read any record into the raw columns of batch; False (with its note) when it is not
    a record at all."""
    if type(record) is Unreadable:  # the reader could not decode it (readers/errors.py)
        norm.note(index, "", None, "unreadable_record", record.reason)
        return False
    if not isinstance(record, dict):
        norm.note(index, "", type(record).__name__, "missing_key", "pas un objet")
        return False
    kind = record_kind(record, hint)
    concession = kind == "concession"
    mods = unwrap_list(record.get("modifications"), "modification")
    if len(mods) > 1:
        mods.sort(key=_mod_order)

    buyer = record.get("autoriteConcedante" if concession else "acheteur")
    if not isinstance(buyer, dict):  # a producer may use the other kind's block
        buyer = record.get("acheteur" if concession else "autoriteConcedante")
        buyer = buyer if isinstance(buyer, dict) else {}
    buyer_raw = buyer.get("id")
    if buyer_raw is None:
        buyer_raw = _get(record, "acheteur.id", "autoriteConcedante.id", "acheteur_id")

    # Amounts: the latest modification that gives one wins.
    amount_field = "valeurGlobale" if concession else "montant"
    raw_amount = record.get(amount_field)
    if raw_amount is None and concession:
        raw_amount = record.get("montant")
    mod_amount, duration_raw = None, record.get("dureeMois")
    holders_raw, holder_wrapper = (
        (record.get("concessionnaires"), "concessionnaire")
        if concession
        else (record.get("titulaires"), "titulaire")
    )
    own_pub = record.get("datePublicationDonnees")
    last_pub = own_pub if isinstance(own_pub, str) else None
    for mod in mods:
        found = v.number(mod.get(amount_field, mod.get("montant")))
        if found is not None:
            mod_amount = found
        if mod.get("dureeMois") is not None:
            duration_raw = mod["dureeMois"]
        if holders_of(mod.get("titulaires"), "titulaire"):
            holders_raw, holder_wrapper = mod["titulaires"], "titulaire"
        mod_pub = mod.get("datePublicationDonneesModification")
        if isinstance(mod_pub, str) and (last_pub is None or mod_pub[:10] > last_pub[:10]):
            last_pub = mod_pub
    if mods:
        batch.modified = True

    notif_field = "dateSignature" if concession else "dateNotification"
    raw_notif = record.get(notif_field)
    if raw_notif is None and concession:
        raw_notif, notif_field = record.get("dateNotification"), "dateNotification"
    place = record.get("lieuExecution")

    batch.indices.append(index)
    batch.kinds.append(kind)
    batch.buyer_raws.append(buyer_raw)
    batch.buyer_names.append(buyer_name(buyer, record))
    batch.published.append(published_buyer(buyer))
    batch.id_raws.append(record.get("id"))
    batch.digests.append(content_hash(record))
    batch.object_raws.append(record.get("objet"))
    batch.amount_fields.append(amount_field)
    batch.amount_raws.append(raw_amount)
    batch.mod_amounts.append(mod_amount)
    batch.cpv_raws.append(record.get("codeCPV"))
    batch.notif_fields.append(notif_field)
    batch.notif_raws.append(raw_notif)
    batch.pub_raws.append(own_pub)
    batch.last_pub_raws.append(None if last_pub is own_pub else last_pub)
    batch.duration_raws.append(duration_raw)
    batch.places.append(_place_of(norm.geo, place, record))
    batch.social_raws.append(record.get("considerationsSociales"))
    batch.env_raws.append(record.get("considerationsEnvironnementales"))
    batch.holders.append(holders_of(holders_raw, holder_wrapper))
    batch.nature_raws.append(record.get("nature"))
    batch.procedure_raws.append(record.get("procedure"))
    techniques_raw, no_2022_field = _techniques_of(record)
    batch.technique_raws.append(techniques_raw)
    batch.no_2022_fields.append(no_2022_field)
    return True


def _regular(record) -> bool:
    if type(record) is not dict or "_type" in record:
        return False
    mods = record.get("modifications")
    if mods is not None and not (type(mods) is list and not mods):
        return False
    buyer = record.get("acheteur")
    return type(buyer) is dict and type(buyer.get("id")) is str


def _extract_regular(norm, batch: Batch, records, indices, caches) -> None:
    """The raw columns of regular marchés (see _regular), a column at a time: what
    `extract` reads from them, without its per-record branches."""
    count = len(records)

    def column(key):  # map over the C method: no Python loop per record
        return list(map(dict.get, records, repeat(key)))

    buyers = column("acheteur")
    batch.indices = list(indices)
    batch.kinds = ["marche"] * count
    batch.buyer_raws = [buyer["id"] for buyer in buyers]
    batch.buyer_names = list(map(buyer_name, buyers, records))
    # Only tabular exports add fields to the `acheteur` block beyond its id and name.
    batch.published = [
        published_buyer(buyer) if len(buyer) > 2 else NO_PUBLISHED_BUYER for buyer in buyers
    ]
    batch.id_raws = column("id")
    batch.digests = list(map(content_hash, records))
    batch.object_raws = column("objet")
    batch.amount_fields = ["montant"] * count
    batch.amount_raws = column("montant")
    batch.mod_amounts = [None] * count
    batch.cpv_raws = column("codeCPV")
    batch.notif_fields = ["dateNotification"] * count
    batch.notif_raws = column("dateNotification")
    batch.pub_raws = column("datePublicationDonnees")
    batch.last_pub_raws = [None] * count
    batch.duration_raws = column("dureeMois")
    batch.places = _places(norm.geo, records, caches.maps.setdefault("place", {}))
    batch.social_raws = column("considerationsSociales")
    batch.env_raws = column("considerationsEnvironnementales")
    batch.holders = [holders_of(holders, "titulaire") for holders in column("titulaires")]
    batch.nature_raws = column("nature")
    batch.procedure_raws = column("procedure")
    batch.technique_raws = column("techniques")
    batch.no_2022_fields = [False] * count
    for k in [k for k, raw in enumerate(batch.technique_raws) if raw is None]:
        batch.technique_raws[k], batch.no_2022_fields[k] = _techniques_of(records[k])


def add_batch(norm, records, indices, hint: str, caches: ColumnCaches | None = None) -> int:
    """Normalise records[k] as record number indices[k]; returns how many were kept."""
    if caches is None:
        caches = norm.caches
    regular = []
    if hint == "marche":
        regular = [k for k, record in enumerate(records) if _regular(record)]
    batch = Batch()
    if regular:
        if len(regular) == len(records):
            _extract_regular(norm, batch, records, indices, caches)
        else:
            _extract_regular(
                norm, batch, [records[k] for k in regular], [indices[k] for k in regular], caches
            )
    if len(regular) < len(records):
        regular_set = set(regular)
        for k, record in enumerate(records):
            if k not in regular_set:
                extract(norm, batch, record, indices[k], hint)
    return evaluate(norm, batch, caches) if len(batch) else 0


# --- the engine ------------------------------------------------------------------------------


def _date_parser(caches, today):
    parser = caches.maps.get(("date-parser", today))
    if parser is None:
        parser = caches.maps[("date-parser", today)] = lambda value: v.parse_date(value, today)
    return parser


def _flags(caches, results) -> list:
    flags = caches.maps.setdefault("flags", {})
    for result in results:
        if result[1] not in flags:
            found = result[1]
            flags[found] = (
                (None, None, None)
                if found is None
                else ("clause" in found, "criterion" in found, "reserved" in found)
            )
    return [flags[result[1]] for result in results]


def evaluate(norm, b: Batch, caches: ColumnCaches) -> int:
    """Parse the raw columns of b, run the checks, add rows, holders and notes to norm;
    returns how many records were kept."""
    today = norm.today
    b.sirets = caches.apply("siret", v.siret, b.buyer_raws)
    b.ids = [v.contract_id(raw) for raw in b.id_raws]
    b.objects = caches.apply("objet", v.text, b.object_raws)
    b.initials = list(map(v.number, b.amount_raws))  # None for NaN and infinities too
    b.currents = (
        [i if m is None else m for i, m in zip(b.initials, b.mod_amounts, strict=True)]
        if b.modified
        else b.initials
    )

    # A record nothing can key (no buyer, no id, no object, no amount) is left out.
    lost = [
        n
        for n, (siret, ident) in enumerate(zip(b.sirets, b.ids, strict=True))
        if siret[0] is None
        and (ident[0] is None or ident[1])
        and b.objects[n] is None
        and b.initials[n] is None
    ]
    if lost:
        for n in lost:
            detail = "ni identifiant, ni acheteur"
            norm.note(b.indices[n], "id", b.id_raws[n], "missing_key", detail)
        skip = set(lost)
        b.keep(
            [n for n in range(len(b)) if n not in skip],
            (*RAW, "sirets", "ids", "objects", "initials", "currents"),
        )
        if not len(b):
            return 0

    kinds = b.kinds
    concessions = "concession" in kinds
    date_of = _date_parser(caches, today)
    cpv_raws = [raw if isinstance(raw, (str, int)) else None for raw in b.cpv_raws]
    b.cpvs = caches.apply("cpv", v.cpv, cpv_raws)
    if concessions:  # format 2022: no CPV for concessions, none expected
        b.cpvs = [
            (None, None) if kind == "concession" and raw is None else found
            for kind, raw, found in zip(kinds, b.cpv_raws, b.cpvs, strict=True)
        ]
    b.notifs = caches.apply("date", date_of, b.notif_raws)
    b.pubs = caches.apply("date", date_of, b.pub_raws)
    publications = [found[0] for found in b.pubs]
    lasts = publications
    if b.modified:
        lasts = [
            pub if raw is None else (date_of(raw)[0] if raw else None) or pub
            for raw, pub in zip(b.last_pub_raws, publications, strict=True)
        ]
    b.durations = list(map(v.number, b.duration_raws))
    natures = caches.apply("nature", lambda x: _label(NATURES, x), b.nature_raws)
    procedures = caches.apply("procedure", lambda x: _label(PROCEDURES, x), b.procedure_raws)
    techniques = list(map(v.techniques, b.technique_raws))
    if FRAMEWORK_NATURE in natures or True in b.no_2022_fields:
        frameworks = [
            framework_agreement(found[1], nature, no_2022_field)
            for found, nature, no_2022_field in zip(
                techniques, natures, b.no_2022_fields, strict=True
            )
        ]
    else:  # the usual batch of format-2022 marchés: their techniques alone say it
        frameworks = [found[1] for found in techniques]
    b.socials = [v.considerations(raw, "social") for raw in b.social_raws]
    b.envs = [v.considerations(raw, "environmental") for raw in b.env_raws]
    b.amount_problems = {}
    amounts = list(b.currents)
    low, high = v.PLAIN_AMOUNTS
    for n, current in enumerate(b.currents):
        if current is not None and not low < current < high:
            problem = v.amount_problem(current, kinds[n])
            if problem:  # kept in amount_published only, as the note says
                b.amount_problems[n] = problem
                amounts[n] = None
    b.test_objects = caches.apply(
        "test_objet", lambda obj: bool(obj and _TEST_OBJECT.search(obj)), b.objects
    )
    b.test_sirens = [siret[0] is not None and siret[0][:9] in TEST_SIRENS for siret in b.sirets]

    indices = b.indices
    hits = [
        (indices[n], checks.rank(rule), field, value, check.code, detail)
        for check in checks.ENGINE_CHECKS
        for n, rule, field, value, detail in check.find(b)
    ]
    if hits:
        hits.sort(key=lambda hit: hit[:2])  # stable: a record's holders keep their order
        note = norm.note
        for index, _rank, field, value, code, detail in hits:
            note(index, field, value, code, detail)

    holder_rows = norm.holders
    for index, holders in zip(indices, b.holders, strict=True):
        for holder in holders:
            holder_rows.append((index, *holder))

    sirets = [siret[0] for siret in b.sirets]
    contract_ids = [ident[0] for ident in b.ids]
    uids = [
        f"{siret}/{ident[0]}" if siret is not None and not ident[1] else "fp:" + digest
        for siret, ident, digest in zip(sirets, b.ids, b.digests, strict=True)
    ]
    social_flags = _flags(caches, b.socials)
    env_flags = _flags(caches, b.envs)
    place_codes, place_types, depts, regions = zip(*b.places, strict=True)
    # Kept as columns: the Parquet part is written column by column (no row tuples).
    norm.add_columns(
        [
            uids,
            contract_ids,
            kinds,
            sirets,
            b.buyer_names,
            [found[0] for found in b.published],
            [found[1] for found in b.published],
            [found[2] for found in b.published],
            b.objects,
            [found[0] for found in b.cpvs],
            natures,
            procedures,
            frameworks,
            [found[0] for found in techniques],
            amounts,
            b.currents,
            b.initials,
            b.durations,
            [found[0] for found in b.notifs],
            publications,
            lasts,
            place_codes,
            place_types,
            depts,
            regions,
            [len(holders) for holders in b.holders],
            [found[0] for found in b.socials],
            [found[0] for found in social_flags],
            [found[1] for found in social_flags],
            [found[2] for found in social_flags],
            [found[0] for found in b.envs],
            [found[0] for found in env_flags],
            [found[1] for found in env_flags],
            b.digests,
            [obj or siren for obj, siren in zip(b.test_objects, b.test_sirens, strict=True)],
            list(indices),
        ]
    )
    return len(b)
