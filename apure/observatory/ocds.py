"""Contracts of the analytical store as Open Contracting Data Standard (OCDS 1.1) releases.

One release per contract (its state as served: the latest modification wins), wrapped in a
release package with the publisher's metadata. Packages are streamed: rows are read in batches
from one DuckDB cursor and written release by release, so memory does not grow with the list.
The mapping, its sources and its open questions are described in docs/OCDS.md.
"""

import json
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings

from . import contracts

OCDS_VERSION = "1.1"
DATA_DIR = Path(__file__).parent / "data" / "ocds"
EXTENSION_DIR = DATA_DIR / "apure-decp-extension"
EXTENSION_FILES = ("extension.json", "release-schema.json", "README.md")
# The official Sustainability extension, pinned to the commit whose schema is shipped in
# data/ocds/sustainability (PROVENANCE.md): a moving branch could change under the data.
SUSTAINABILITY_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_sustainability_extension/b8d93a0edb8e0ac2f27f733cccf3884e392346e9/extension.json"
)
# The official Techniques extension (tender.techniques.hasFrameworkAgreement), pinned likewise
# to the commit whose schema is shipped in data/ocds/techniques.
TECHNIQUES_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_techniques_extension/5568b00a8dd694a3d34441bdd9ef2bd3f9d44b11/extension.json"
)
# DECP data are published under the Licence Ouverte / Etalab 2.0; apure republishes them so.
LICENSE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# org-id.guide's list for French SIREN/SIRET numbers (FR-INSEE is deprecated in its favour);
# its example identifiers are SIRETs. Public buyers are not on the RCS: see docs/OCDS.md.
ORG_SCHEME = "FR-RCS"

# DECP procedure (normalised label) → OCDS `procurementMethod` (closed codelist). Labels that
# do not say how open the competition was (« Procédure adaptée ») are left unmapped: their
# label stays in procurementMethodDetails rather than a guessed code.
PROCUREMENT_METHODS = {
    "Appel d'offres ouvert": "open",
    "Appel d'offres restreint": "selective",
    "Procédure avec négociation": "selective",
    "Dialogue compétitif": "selective",
    "Marché passé sans publicité ni mise en concurrence préalable": "limited",
    "Procédure non négociée ouverte": "open",
    "Procédure négociée ouverte": "open",
    "Procédure non négociée restreinte": "selective",
    "Procédure négociée restreinte": "selective",
}

# DECP consideration detail (store flag) → Sustainability extension strategy.
SOCIAL_STRATEGIES = (
    ("social_clause", "contractPerformanceConditions"),
    ("social_criterion", "awardCriteria"),
    ("social_reserved", "reservedParticipation"),
)
ENVIRONMENTAL_STRATEGIES = (
    ("env_clause", "contractPerformanceConditions"),
    ("env_criterion", "awardCriteria"),
)

# Store columns a release is built from.
COLUMNS = (
    "uid", "contract_id", "kind", "buyer_siret", "buyer_name", "object", "cpv", "nature",
    "procedure", "amount", "initial_amount", "duration_months", "notification_date",
    "publication_date", "last_publication", "social", "social_clause", "social_criterion",
    "social_reserved", "environmental", "env_clause", "env_criterion", "versions",
    "framework_agreement",
)  # fmt: skip


def _select_list() -> str:
    """COLUMNS as SQL; the framework agreement as the store defines it (store_query)."""
    from . import store_query

    framework = f"{store_query.framework_sql()} AS framework_agreement"
    return ", ".join(framework if name == "framework_agreement" else name for name in COLUMNS)


# Contracts read per query by the exports (memory is bounded by this, not by the export).
CHUNK = 10_000


class TooMany(Exception):
    """A package asked for more releases than one answer may hold."""

    def __init__(self, count, limit):
        super().__init__(count, limit)
        self.count, self.limit = count, limit


# --- identifiers -----------------------------------------------------------------------------
def prefix() -> str:
    """The ocid prefix (settings.OCDS_PREFIX): provisional until registered, see docs/OCDS.md."""
    return settings.OCDS_PREFIX


def ocid(uid: str) -> str:
    return f"{prefix()}-{uid}"


def _party_id(scheme, identifier):
    return f"{scheme}-{identifier}"


def _siret_party(siret, name, role):
    party = {"id": _party_id(ORG_SCHEME, siret), "roles": [role],
             "identifier": {"scheme": ORG_SCHEME, "id": siret}}  # fmt: skip
    if name:
        party["name"] = name
        party["identifier"]["legalName"] = name
    return party


def _holder_party(holder):
    holder_id, id_type, name = holder["holder_id"], holder["id_type"], holder["name"]
    if id_type == "SIRET" and holder_id and len(holder_id) == 14 and holder_id.isdigit():
        return _siret_party(holder_id, name, "supplier")
    # Other identifiers (TVA, foreign numbers…) have no org-id scheme we can be sure of: the
    # party keeps the published type in its local id, without an `identifier` block.
    party = {"id": _party_id(f"DECP-{id_type or 'ID'}", holder_id or name or "inconnu"),
             "roles": ["supplier"]}  # fmt: skip
    if name:
        party["name"] = name
    return party


# --- values ------------------------------------------------------------------------------------
def _datetime(value):
    """An OCDS date-time from a store date (DECP dates have no time: midnight UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00Z"
    return None


def _value(amount):
    return None if amount is None else {"amount": amount, "currency": "EUR"}


def main_category(cpv):
    """goods / works / services from the CPV division (CPV 2008: 45 works, 01–44 and 48
    supplies, 50–98 services)."""
    if not cpv or not cpv[:2].isdigit():
        return None
    division = int(cpv[:2])
    if division == 45:
        return "works"
    if division <= 44 or division == 48:
        return "goods"
    return "services"


def _sustainability(row):
    """hasSustainability and the Sustainability entries, only from what is known."""
    entries = []
    for goal, state, strategies in (
        ("social", row["social"], SOCIAL_STRATEGIES),
        ("environmental", row["environmental"], ENVIRONMENTAL_STRATEGIES),
    ):
        if state == "yes":
            entry = {"goal": goal}
            used = [strategy for flag, strategy in strategies if row.get(flag)]
            if used:
                entry["strategies"] = used
            entries.append(entry)
    states = {row["social"], row["environmental"]}
    if entries:
        return True, entries
    if states == {"no"}:
        return False, []
    return None, []  # one of them is unknown: « no » cannot be said


def _state(value):
    return value if value in ("yes", "no") else "unknown"


# --- releases ----------------------------------------------------------------------------------
def release(row: dict, holders=(), fallback_date=None) -> dict:
    """The OCDS release of one contract (a store row with COLUMNS) and its holders."""
    uid = row["uid"]
    parties = {}

    def add(party):
        known = parties.get(party["id"])
        if known is None:
            parties[party["id"]] = party
        elif party["roles"][0] not in known["roles"]:
            known["roles"].append(party["roles"][0])
        return {"id": party["id"], **({"name": party["name"]} if party.get("name") else {})}

    buyer = add(_siret_party(row["buyer_siret"], row["buyer_name"], "buyer"))
    suppliers = [add(_holder_party(holder)) for holder in holders]

    tender = {"id": row["contract_id"] or uid}
    if row["object"]:
        tender["title"] = row["object"]
    method = PROCUREMENT_METHODS.get(row["procedure"])
    if method:
        tender["procurementMethod"] = method
    if row["procedure"]:
        tender["procurementMethodDetails"] = row["procedure"]
    category = main_category(row["cpv"])
    if category:
        tender["mainProcurementCategory"] = category
    if row["cpv"]:
        item = {"id": "1", "classification": {"scheme": "CPV", "id": row["cpv"]}}
        if row["object"]:
            item["description"] = row["object"]
        tender["items"] = [item]
    has_sustainability, entries = _sustainability(row)
    if has_sustainability is not None:
        tender["hasSustainability"] = has_sustainability
    if entries:
        tender["sustainability"] = entries
    if row.get("framework_agreement") is not None:  # only what the record says
        tender["techniques"] = {"hasFrameworkAgreement": row["framework_agreement"]}
    tender["decpConsiderations"] = {
        "social": _state(row["social"]),
        "environmental": _state(row["environmental"]),
    }

    notified = _datetime(row["notification_date"])
    award = {"id": "1", "status": "active", "suppliers": suppliers}
    if row["object"]:
        award["title"] = row["object"]
    if notified:
        award["date"] = notified
    initial = _value(row["initial_amount"] if row["initial_amount"] is not None else row["amount"])
    if initial:
        award["value"] = initial
    contract = {"id": "1", "awardID": "1"}
    if row["object"]:
        contract["title"] = row["object"]
    if row["nature"]:
        contract["description"] = row["nature"]
    if _value(row["amount"]):
        contract["value"] = _value(row["amount"])
    if notified:
        # A French public contract takes effect at its notification; a concession's stored
        # date is its signature (dateSignature).
        contract["period"] = {"startDate": notified}
        if row["kind"] == "concession":
            contract["dateSigned"] = notified
    if row["duration_months"] is not None:
        contract["durationInMonths"] = row["duration_months"]

    published = row["last_publication"] or row["publication_date"] or row["notification_date"]
    return {
        "ocid": ocid(uid),
        "id": f"{ocid(uid)}-{row['versions'] or 1}",
        "date": _datetime(published) or fallback_date,
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "language": "fr",
        "parties": list(parties.values()),
        "buyer": buyer,
        "tender": tender,
        "awards": [award],
        "contracts": [contract],
    }


# --- reading -----------------------------------------------------------------------------------
def _condition(filters, text):
    where, params = filters.where()
    words, word_params = contracts._words_condition(text)
    if words:
        where, params = f"{where} AND {words}", [*params, *word_params]
    return where, params


def count(filters, text="") -> int | None:
    from . import store_query

    where, params = _condition(filters, text)
    row = store_query.fetch(f"SELECT count(*) FROM contracts WHERE {where}", params)  # noqa: S608
    return None if row is None else row[0][0]


def rows(filters, text="", sort="date", direction="", limit=None, uid=None):
    """Yield (store row, holders) in the list's order, CHUNK contracts per query.

    Each query starts after the last row of the one before (keyset on the sort value and the
    uid, as the list's cursors): DuckDB never holds more than a chunk, whatever the export's
    size, and the order is exactly the list's, ties included."""
    from apure.decp import store

    if uid is not None:
        where, params = "uid = ?", [uid]
    else:
        where, params = _condition(filters, text)
    sort, direction, order = contracts.sort_order(sort, direction)
    column = contracts.SORTS[sort][0]
    names = [*COLUMNS, "holders"]
    remaining, after = limit, None
    select = _select_list()
    while remaining is None or remaining > 0:
        size = CHUNK if remaining is None else min(CHUNK, remaining)
        condition, condition_params = where, list(params)
        if after is not None:
            keyset, keyset_params = contracts._keyset(column, direction, *after, False)
            condition, condition_params = f"{where} AND {keyset}", [*params, *keyset_params]
        # Holders are gathered per contract inside DuckDB, only for the contracts listed.
        sql = f"""
            WITH listed AS (
                SELECT {select} FROM contracts WHERE {condition}
                ORDER BY {order} LIMIT {size}
            ),
            gathered AS (
                SELECT uid, list(struct_pack(holder_id, id_type, name) ORDER BY holder_id)
                       AS holders
                FROM holders WHERE uid IN (SELECT uid FROM listed) GROUP BY uid
            )
            SELECT listed.*, gathered.holders FROM listed LEFT JOIN gathered USING (uid)
            ORDER BY {order}
        """  # noqa: S608 (columns, order and size come from fixed lists; values are bound)
        cursor = store.cursor()
        if cursor is None:
            return
        try:
            chunk = cursor.execute(sql, condition_params).fetchall()
        finally:
            cursor.close()
        for values in chunk:
            row = dict(zip(names, values, strict=True))
            yield row, row.pop("holders") or ()
        if len(chunk) < size:
            return
        last = dict(zip(names, chunk[-1], strict=True))
        after = (last[column], last["uid"])
        remaining = None if remaining is None else remaining - len(chunk)


# --- packages ----------------------------------------------------------------------------------
def now():
    return _datetime(datetime.now(UTC))


def package_metadata(uri, site_url, published=None) -> dict:
    """Everything of a release package but its releases."""
    site_url = site_url.rstrip("/")
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [
            SUSTAINABILITY_EXTENSION,
            TECHNIQUES_EXTENSION,
            f"{site_url}/api/ocds/extension/extension.json",
        ],
        "publishedDate": published or now(),
        "publisher": {
            "name": "APuRe – observatoire de la commande publique responsable",
            "uri": f"{site_url}/observatoire/",
        },  # fmt: skip
        "license": LICENSE,
        "publicationPolicy": f"{site_url}/observatoire/qualite/",
    }


def _dumps(value):
    # allow_nan=False: NaN is not JSON; the pipeline never stores it, this fails loudly if so.
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def stream_package(metadata, releases):
    """The JSON text of a release package, in chunks, from its metadata and an iterator of
    releases (never all in memory)."""
    head = _dumps({**metadata, "releases": []})
    yield head[: -len("[]}")] + "["
    for index, item in enumerate(releases):
        yield ("," if index else "") + _dumps(item)
    yield "]}"


def package_releases(filters, text="", sort="date", direction="", limit=None, published=None,
                     on_release=None):  # fmt: skip
    """Releases of a filtered list; `on_release(n)` is told after each one (progress)."""
    for number, (row, holders) in enumerate(rows(filters, text, sort, direction, limit), start=1):
        yield release(row, holders, fallback_date=published)
        if on_release is not None:
            on_release(number)


def single(uid):
    """The release of one contract, or None when the store has no such contract."""
    published = now()
    for row, holders in rows(None, uid=uid):
        return release(row, holders, fallback_date=published)
    return None


def extension_file(name, site_url, contact_email):
    """A file of apure's extension; extension.json gets the site's absolute URLs."""
    if name not in EXTENSION_FILES:
        return None
    text = (EXTENSION_DIR / name).read_text(encoding="utf-8")
    if name != "extension.json":
        return text
    document = json.loads(text)
    document["documentationUrl"] = {"fr": f"{site_url.rstrip('/')}/api/ocds/extension/README.md"}
    document["contactPoint"]["email"] = contact_email
    return json.dumps(document, ensure_ascii=False, indent=2)
