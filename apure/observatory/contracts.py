"""Contract lists, contract details, buyer profiles and search on the analytical store."""

import json
from datetime import datetime
from pathlib import PurePath

from . import aggregates, cpv, exports, geography, labels, sources, store_query

# Every column of the `contracts` table (docs/ANALYTICS_SCHEMA.md) and the JSON type of its
# values (all may be null; dates are ISO strings). Lists select these columns, and the API
# describes its contracts from this mapping, so the description cannot drift from the data.
CONTRACT_FIELDS = {
    "uid": "string", "contract_id": "string", "kind": "string", "buyer_siret": "string",
    "buyer_siren": "string", "buyer_name": "string", "buyer_kind": "string",
    "buyer_departement": "string", "buyer_region": "string", "object": "string",
    "cpv": "string", "cpv_division": "string", "nature": "string", "procedure": "string",
    "amount": "number", "initial_amount": "number", "duration_months": "number",
    "notification_date": "date", "publication_date": "date", "year": "integer",
    "place_code": "string", "place_type": "string", "departement": "string", "region": "string",
    "holders_count": "integer", "social": "string", "social_clause": "boolean",
    "social_criterion": "boolean", "social_reserved": "boolean", "environmental": "string",
    "env_clause": "boolean", "env_criterion": "boolean", "source_file": "string",
    "source_format": "string", "record_index": "integer", "notes_count": "integer",
    "amount_published": "number", "last_publication": "date", "is_test": "boolean",
    "versions": "integer",
}  # fmt: skip
LIST_FIELDS = (
    "uid", "kind", "buyer_siret", "buyer_name", "object", "cpv", "procedure", "amount",
    "notification_date", "year", "departement", "social", "environmental",
)  # fmt: skip
HOLDER_FIELDS = {"holder_id": "string", "id_type": "string", "name": "string"}
NOTE_FIELDS = {
    "field": "string", "value": "string", "code": "string", "severity": "string",
    "message": "string", "file": "string", "record_index": "integer",
}  # fmt: skip
BUYER_FIELDS = {
    "buyer_siret": "string", "buyer_name": "string", "buyer_kind": "string",
    "buyer_departement": "string", "buyer_region": "string", "contracts": "integer",
    "first_year": "integer", "last_year": "integer",
}  # fmt: skip
PAGE_SIZE = 50
# The list page shows fewer rows than the API serves: a page stays within a few screens.
LIST_PAGE_SIZE = 20
# Sortable list columns: URL key → (store column, default direction). Only these reach ORDER BY.
SORTS = {
    "date": ("notification_date", "desc"),
    "montant": ("amount", "desc"),
    "acheteur": ("buyer_name", "asc"),
    "objet": ("object", "asc"),
}
DIRECTIONS = {"asc": "ASC", "desc": "DESC"}
# What the contract list shows when no column is chosen (`colonne` in the URL, as for exports).
LIST_DEFAULT_COLUMNS = (
    "object", "buyer_name", "notification_date", "amount", "social", "environmental",
)  # fmt: skip


def sort_order(key="date", direction=""):
    """The valid sort key and direction (defaults for anything else) and their ORDER BY."""
    key = key if key in SORTS else "date"
    column, default = SORTS[key]
    direction = direction if direction in DIRECTIONS else default
    # uid breaks ties so that pages neither repeat nor skip a contract.
    return key, direction, f"{column} {DIRECTIONS[direction]} NULLS LAST, uid"


def list_columns(requested):
    """The chosen columns the list can show (store order), or the default ones."""
    wanted = set(requested)
    chosen = [column for column in exports.CONTRACT_COLUMNS if column in wanted]
    return chosen or list(LIST_DEFAULT_COLUMNS)


def _words_condition(text, column="object"):
    words = [word for word in text.split() if len(word) >= 2][:6]
    return " AND ".join(f"{column} ILIKE ?" for _ in words), [f"%{word}%" for word in words]


def page(filters, text="", number=1, sort="date", size=PAGE_SIZE, count=True, clamp=True,
         direction="", columns=()):  # fmt: skip
    """One page of contracts and the total count; None when no store exists.

    Without `count`, only the first page is read (one scan less) and `total` is None.
    A page beyond the last is the last one (pages), or empty without `clamp` (API clients
    page until they get no rows). `columns`: store columns read besides the list's own.
    """
    where, params = filters.where()
    words, word_params = _words_condition(text)
    if words:
        where, params = f"{where} AND {words}", [*params, *word_params]
    total = None
    if count:
        sql = f"SELECT count(*) FROM contracts WHERE {where}"  # noqa: S608
        counted = store_query.fetch(sql, params)
        if counted is None:
            return None
        total = counted[0][0]
    else:
        number = 1
    pages = max(1, -(-(total or 0) // size))
    number = max(1, number)
    if number > pages and not clamp:
        return {"rows": [], "total": total, "number": number, "pages": pages, "size": size}
    number = min(number, pages)
    extra = [column for column in exports.CONTRACT_COLUMNS
             if column in set(columns) and column not in LIST_FIELDS]  # fmt: skip
    selected = ", ".join([*LIST_FIELDS, *extra])
    order = sort_order(sort, direction)[2]
    rows = store_query.fetch_dicts(
        f"SELECT {selected} FROM contracts WHERE {where} "  # noqa: S608
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, size, (number - 1) * size],
    )
    if rows is None:
        return None
    return {"rows": rows, "total": total, "number": number, "pages": pages, "size": size}


def detail(uid):
    """A contract with its holders and data-quality notes, or None."""
    contract = store_query.fetch_one("SELECT * FROM contracts WHERE uid = ?", [uid])
    if contract is None:
        return None
    contract["holders"] = store_query.fetch_dicts(
        f"SELECT {', '.join(HOLDER_FIELDS)} FROM holders WHERE uid = ? ORDER BY holder_id",  # noqa: S608
        [uid],
    )
    contract["notes"] = store_query.fetch_dicts(
        f"SELECT {', '.join(NOTE_FIELDS)} FROM notes "  # noqa: S608
        "WHERE uid = ? ORDER BY record_index, field",
        [uid],
    )
    # Pages name the source for people; the raw file name is for the quality page.
    contract["source_label"] = sources.label_of_file(contract.get("source_file"))
    contract["source_format_label"] = labels.source_format(contract.get("source_format"))
    return contract


def buyer(siret):
    """Identity and totals of a buyer, or None when it has no contract."""
    return store_query.fetch_one(
        """
        SELECT buyer_siret, max(buyer_name) AS buyer_name, any_value(buyer_kind) AS buyer_kind,
               any_value(buyer_departement) AS buyer_departement,
               any_value(buyer_region) AS buyer_region, count(*) AS contracts,
               min(year) AS first_year, max(year) AS last_year
        FROM contracts WHERE buyer_siret = ? GROUP BY buyer_siret
        """,
        [siret],
    )


def search_buyers(text, limit=20):
    text = text.strip()
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) >= 9:
        condition, params = "starts_with(buyer_siret, ?)", [digits]
    else:
        condition, params = _words_condition(text, "buyer_name")
        if not condition:
            return []
    return (
        store_query.fetch_dicts(
            f"SELECT buyer_siret, max(buyer_name) AS buyer_name, count(*) AS contracts "  # noqa: S608
            f"FROM contracts WHERE {condition} GROUP BY buyer_siret "
            f"ORDER BY contracts DESC, buyer_siret LIMIT ?",
            [*params, limit],
        )
        or []
    )


def available_years():
    rows = store_query.fetch(
        "SELECT DISTINCT year FROM contracts WHERE year IS NOT NULL ORDER BY 1"
    )
    return [row[0] for row in rows or ()]


def procedures():
    rows = store_query.fetch(
        "SELECT procedure, count(*) AS n FROM contracts WHERE procedure IS NOT NULL "
        "GROUP BY 1 ORDER BY n DESC LIMIT 30"
    )
    return sorted(row[0] for row in rows or ())


def imports():
    """The import ledger (which data is loaded), newest first, files decoded."""
    rows = store_query.fetch_dicts(
        "SELECT * FROM imports ORDER BY started_at DESC NULLS LAST LIMIT 20"
    )
    if rows is None:
        return None
    for row in rows:
        files = row.get("files")
        if isinstance(files, str):
            try:
                files = json.loads(files)
            except ValueError:
                files = []
        row["files"] = [_public_file(item) for item in files or [] if isinstance(item, dict)]
        for moment in ("started_at", "finished_at"):
            # The ledger may store timestamps as text: pages format datetimes.
            if isinstance(row.get(moment), str):
                try:
                    row[moment] = datetime.fromisoformat(row[moment])
                except ValueError:
                    row[moment] = None
    return rows


def file_name(path) -> str:
    """The name of an imported file: pages never show where it sits on the server."""
    return PurePath(str(path or "")).name or "fichier sans nom"


def _public_file(item: dict) -> dict:
    name = file_name(item.get("name") or item.get("path"))
    item = {key: value for key, value in item.items() if key != "path"}
    item["name"] = name
    source = sources.known(item.get("sha256"))
    item["source_label"] = source.label if source else None
    item["format_label"] = labels.source_format(item.get("format"))
    return item


def loaded_files():
    """What the store serves, one row per public source (sources.served)."""
    return sources.served()


def coverage_by_format(filters):
    """Why considerations are unknown in a view: its contracts per source format."""
    rows = aggregates.by_format(filters)
    for row in rows or ():
        row["format_label"] = labels.source_format(row["format"])
        row["without_field"] = row["format"] in labels.FORMATS_WITHOUT_CONSIDERATIONS
    return rows


def test_records(limit=50):
    """Vendor test records: kept in the store, left out of every figure."""
    return store_query.fetch_dicts(
        "SELECT uid, buyer_siret, buyer_name, object, source_file FROM contracts "
        "WHERE coalesce(is_test, false) ORDER BY source_file, uid LIMIT ?",
        [limit],
    )


def stream(filters, columns, text="", limit=100_000, batch=5_000):
    """Yield rows (tuples) of the chosen columns without caching: exports can be large."""
    from apure.decp import store

    where, params = filters.where()
    words, word_params = _words_condition(text)
    if words:
        where, params = f"{where} AND {words}", [*params, *word_params]
    cursor = store.cursor()
    if cursor is None:
        return
    try:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM contracts WHERE {where} "  # noqa: S608
            f"ORDER BY notification_date DESC NULLS LAST, uid LIMIT ?",
            [*params, limit],
        )
        while chunk := cursor.fetchmany(batch):
            yield from chunk
    finally:
        cursor.close()


def has_division(division) -> bool:
    """Whether any contract carries this CPV division (outside the CPV 2008 table or not)."""
    row = store_query.fetch("SELECT 1 FROM contracts WHERE cpv_division = ? LIMIT 1", [division])
    return bool(row)


def top_buyers(filters, limit=15):
    """The buyers with most contracts; their shares follow the one small-sample rule."""
    where, params = filters.where()
    rows = store_query.fetch_dicts(
        f"""
        SELECT buyer_siret, max(buyer_name) AS buyer_name, count(*) AS contracts,
               coalesce(sum(amount) FILTER (WHERE kind = 'marche'), 0) AS amount_eur,
               count(*) FILTER (WHERE social = 'yes') AS social_yes,
               count(*) FILTER (WHERE social IN ('yes', 'no')) AS social_known,
               count(*) FILTER (WHERE environmental = 'yes') AS environmental_yes,
               count(*) FILTER (WHERE environmental IN ('yes', 'no')) AS environmental_known
        FROM contracts WHERE {where}
        GROUP BY buyer_siret ORDER BY contracts DESC, buyer_siret LIMIT ?
        """,  # noqa: S608
        [*params, limit],
    )
    for row in rows or ():
        for dimension in aggregates.DIMENSIONS:
            known = row[f"{dimension}_known"]
            row[f"{dimension}_share"] = aggregates.known_share(
                row[f"{dimension}_yes"], known, known
            )
            row[f"{dimension}_coverage"] = aggregates.ratio(known, row["contracts"])
    return rows


FIELDS_FOR_COVERAGE = [
    "buyer_name", "buyer_kind", "buyer_region", "object", "cpv", "nature", "procedure", "amount",
    "duration_months", "notification_date", "publication_date", "departement", "holders_count",
]  # fmt: skip


def coverage():
    """Share of contracts where each field is filled, and the consideration states."""
    columns = ", ".join(f"count({name}) AS {name}" for name in FIELDS_FOR_COVERAGE)
    row = store_query.fetch_one(
        f"SELECT count(*) AS total, {columns}, "  # noqa: S608
        "count(*) FILTER (WHERE social IN ('yes', 'no')) AS social, "
        "count(*) FILTER (WHERE environmental IN ('yes', 'no')) AS environmental "
        "FROM contracts"
    )
    if row is None:
        return None
    total = row.pop("total")
    return total, {
        name: (filled, filled / total if total else None) for name, filled in row.items()
    }


def notes_by_code():
    return store_query.fetch_dicts(
        "SELECT code, severity, count(*) AS notes, count(DISTINCT uid) AS contracts, "
        "any_value(message) AS example FROM notes GROUP BY code, severity "
        "ORDER BY notes DESC, code"
    )


# Shown instead of an amount the page flags as implausible (« 0 € HT » would read as a price).
AMOUNT_SET_ASIDE = "montant non retenu (jugé invraisemblable, voir la qualité des données)"


# Pages name the source for people (sources.py); exports and the API keep the file name.
PUBLIC_FIELD_LABELS = {"source_file": "Source des données"}


def display_value(column, value, contract=None, amount_set_aside=False):
    """A stored value of a contract as a French reader reads it (pages and lists).

    `amount_set_aside`: the published amount was flagged implausible; the current and initial
    amounts say so instead of showing it (the published amount stays, under its own label)."""
    if amount_set_aside and column in ("amount", "initial_amount"):
        return AMOUNT_SET_ASIDE
    if value is None or value == "":
        return "non renseigné"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if column == "kind":
        return labels.contract_kind(value)
    if column == "buyer_kind":
        return labels.buyer_kind(value)
    if column in ("social", "environmental"):
        return labels.consideration(value).lower()
    if column in ("departement", "buyer_departement"):
        return f"{geography.departement_name(value)} ({value})"
    if column in ("region", "buyer_region"):
        return f"{geography.region_name(value)} ({value})"
    if column == "cpv_division":
        return f"{value} – {cpv.division_label(value)}"
    if column == "source_format":
        return labels.source_format(value)
    if column == "source_file":
        return (
            (contract or {}).get("source_label") or sources.label_of_file(value) or "non renseignée"
        )
    if column in ("amount", "initial_amount", "amount_published"):
        return f"{value:,.2f} € HT".replace(",", "\u202f").replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def french_fields(contract, amount_set_aside=False):
    """(French label, French display value, column) for every stored field of a contract."""
    return [
        (
            PUBLIC_FIELD_LABELS.get(column, label),
            display_value(column, contract.get(column), contract, amount_set_aside),
            column,
        )
        for column, label in exports.CONTRACT_COLUMNS.items()
    ]
