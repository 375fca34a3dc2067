"""Normalisation of many regular records at once, field by field.

Nearly every record of a big file has the regular shape of a format-2022 marché (a dict,
an `acheteur` object with a text SIRET, no modification). For those, each field is read
for the whole batch and its values are parsed through per-value caches, which costs a
fraction of the record-by-record path; the rows and notes are exactly those that
`Normaliser.add` would produce (tests/decp/test_columnar.py compares both). Any other
record goes through `Normaliser.add`.
"""

from . import values as v
from .normalise import (
    _TEST_OBJECT,
    AMOUNT_DETAIL,
    NATURES,
    NO_PUBLISHED_BUYER,
    PROCEDURES,
    TEST_SIRENS,
    _label,
    _siret_ok,
    content_hash,
    holders_of,
    published_buyer,
)

CACHE_MAX = 100_000


def _regular(record) -> bool:
    if type(record) is not dict or "_type" in record:
        return False
    mods = record.get("modifications")
    if mods is not None and not (type(mods) is list and not mods):
        return False
    buyer = record.get("acheteur")
    return type(buyer) is dict and type(buyer.get("id")) is str


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


def add_batch(norm, records, indices, hint: str, caches: ColumnCaches) -> int:
    """Normalise records[k] as record number indices[k]; returns how many were kept."""
    if hint != "marche":
        return sum(norm.add(record, indices[k], hint) for k, record in enumerate(records))
    kept = 0
    regular = []
    for k, record in enumerate(records):
        if _regular(record):
            regular.append(k)
        else:
            kept += norm.add(record, indices[k], hint)
    if not regular:
        return kept
    batch = [records[k] for k in regular]
    buyer_raws = [record["acheteur"]["id"] for record in batch]
    sirets = caches.apply("siret", v.siret, buyer_raws)
    ids = [v.contract_id(record.get("id")) for record in batch]
    # A record without a buyer SIRET or with a placeholder id is keyed by its content: rare.
    odd = [
        n
        for n, (siret, ident) in enumerate(zip(sirets, ids, strict=True))
        if not siret[0] or ident[1]
    ]
    if odd:
        for n in odd:
            kept += norm.add(batch[n], indices[regular[n]], hint)
        skip = set(odd)
        keep = [n for n in range(len(batch)) if n not in skip]
        batch = [batch[n] for n in keep]
        regular = [regular[n] for n in keep]
        buyer_raws = [buyer_raws[n] for n in keep]
        sirets = [sirets[n] for n in keep]
        ids = [ids[n] for n in keep]
        if not batch:
            return kept
    today, geo, note = norm.today, norm.geo, norm.note
    date_of = lambda value: v.parse_date(value, today)  # noqa: E731
    buyer_names = [
        v.text(
            record["acheteur"].get("nom")
            or record["acheteur"].get("nom ")
            or record.get("acheteur.nom")
        )
        for record in batch
    ]
    # Only tabular exports add fields to the `acheteur` block beyond its id and name.
    published = [
        published_buyer(buyer) if len(buyer) > 2 else NO_PUBLISHED_BUYER
        for buyer in (record["acheteur"] for record in batch)
    ]
    digests = list(map(content_hash, batch))
    objects = caches.apply("objet", v.text, [record.get("objet") for record in batch])
    raw_amounts = [record.get("montant") for record in batch]
    amounts = list(map(v.number, raw_amounts))  # None for NaN and infinities too
    raw_cpvs = [record.get("codeCPV") for record in batch]
    cpvs = caches.apply(
        "cpv", v.cpv, [raw if isinstance(raw, (str, int)) else None for raw in raw_cpvs]
    )
    raw_notifs = [record.get("dateNotification") for record in batch]
    notifs = caches.apply("date", date_of, raw_notifs)
    raw_pubs = [record.get("datePublicationDonnees") for record in batch]
    pubs = caches.apply("date", date_of, raw_pubs)
    raw_durations = [record.get("dureeMois") for record in batch]
    durations = list(map(v.number, raw_durations))
    natures = caches.apply(
        "nature", lambda x: _label(NATURES, x), [record.get("nature") for record in batch]
    )
    procedures = caches.apply(
        "procedure", lambda x: _label(PROCEDURES, x), [record.get("procedure") for record in batch]
    )
    places = _places(geo, batch, caches.maps.setdefault("place", {}))
    raw_socials = [record.get("considerationsSociales") for record in batch]
    raw_envs = [record.get("considerationsEnvironnementales") for record in batch]
    socials = [v.considerations(raw, "social") for raw in raw_socials]
    envs = [v.considerations(raw, "environmental") for raw in raw_envs]
    indices = [indices[k] for k in regular]
    max_duration = v.MAX_DURATION_MONTHS["marche"]

    # Notes, in the order Normaliser.add writes them for one record (checks are rare: the
    # loops below only visit the records that fail one).
    pending = []
    for n, (_siret, valid) in enumerate(sirets):
        if not valid:
            pending.append((n, 0, "acheteur.id", buyer_raws[n], "invalid_siret", ""))
    final_amounts = list(amounts)
    for n, current in enumerate(amounts):
        if current is None:
            pending.append((n, 1, "montant", raw_amounts[n], "missing_amount", ""))
        elif not 1 < current < 1_000_000:
            problem = v.amount_problem(current, "marche")
            if problem:  # kept in amount_published only, as the note says
                detail = AMOUNT_DETAIL[problem]
                pending.append((n, 1, "montant", current, "absurd_amount", detail))
                final_amounts[n] = None
    for n, (_cpv, problem) in enumerate(cpvs):
        if problem:
            pending.append((n, 2, "codeCPV", raw_cpvs[n], problem, ""))
    for n, (_date, problem) in enumerate(notifs):
        if problem == "missing":
            pending.append((n, 3, "dateNotification", None, "missing_date", ""))
        elif problem:
            pending.append((n, 3, "dateNotification", raw_notifs[n], problem, ""))
    for n, (_date, problem) in enumerate(pubs):
        if problem and problem != "missing":
            pending.append((n, 4, "datePublicationDonnees", raw_pubs[n], problem, ""))
    for n, duration in enumerate(durations):
        if duration is not None and (duration <= 0 or duration > max_duration):
            pending.append((n, 5, "dureeMois", raw_durations[n], "suspicious_duration", ""))
    for n, (_value, _flags, problem) in enumerate(socials):
        if problem:
            pending.append((n, 6, "considerationsSociales", raw_socials[n], problem, ""))
    for n, (_value, _flags, problem) in enumerate(envs):
        if problem:
            field = "considerationsEnvironnementales"
            pending.append((n, 7, field, raw_envs[n], problem, ""))
    holder_rows = norm.holders
    holders_counts = []
    for n, record in enumerate(batch):
        holders = holders_of(record.get("titulaires"), "titulaire")
        holders_counts.append(len(holders))
        index = indices[n]
        for holder in holders:
            holder_rows.append((index, *holder))
            if holder[1] == "SIRET" and not _siret_ok(holder[0]):
                pending.append((n, 8, "titulaires.id", holder[0], "invalid_holder_id", ""))
    test_objects = caches.apply(
        "test_objet", lambda obj: bool(obj and _TEST_OBJECT.search(obj)), objects
    )
    tests = [siret[0][:9] in TEST_SIRENS for siret in sirets]
    for n, test_object in enumerate(test_objects):
        if test_object:
            tests[n] = True
            pending.append((n, 9, "objet", objects[n], "test_record", "objet de test"))
        elif tests[n]:
            detail = "SIREN d'un éditeur"
            pending.append((n, 9, "acheteur.id", sirets[n][0], "test_record", detail))
    pending.sort(key=lambda item: item[:2])  # stable: a record's holders keep their order
    for n, _order, field, value, code, detail in pending:
        note(indices[n], field, value, code, detail)

    buyer_sirets = [siret[0] for siret in sirets]
    contract_ids = [ident[0] for ident in ids]
    flags = caches.maps.setdefault("flags", {})
    for result in (*socials, *envs):
        if result[1] not in flags:
            found = result[1]
            flags[found] = (
                (None, None, None)
                if found is None
                else ("clause" in found, "criterion" in found, "reserved" in found)
            )
    social_flags = [flags[result[1]] for result in socials]
    env_flags = [flags[result[1]] for result in envs]
    publications = [found[0] for found in pubs]
    place_codes, place_types, depts, regions = zip(*places, strict=True)
    # Kept as columns: the Parquet part is written column by column (no row tuples).
    norm.add_columns(
        [
            [f"{siret}/{ident}" for siret, ident in zip(buyer_sirets, contract_ids, strict=True)],
            contract_ids,
            ["marche"] * len(batch),
            buyer_sirets,
            buyer_names,
            [found[0] for found in published],
            [found[1] for found in published],
            [found[2] for found in published],
            objects,
            [found[0] for found in cpvs],
            natures,
            procedures,
            final_amounts,
            amounts,
            amounts,
            durations,
            [found[0] for found in notifs],
            publications,
            publications,  # without modifications the latest publication is the record's own
            place_codes,
            place_types,
            depts,
            regions,
            holders_counts,
            [found[0] for found in socials],
            [found[0] for found in social_flags],
            [found[1] for found in social_flags],
            [found[2] for found in social_flags],
            [found[0] for found in envs],
            [found[0] for found in env_flags],
            [found[1] for found in env_flags],
            digests,
            tests,
            indices,
        ]
    )
    return kept + len(batch)
