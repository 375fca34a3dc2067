"""Contract lists, contract details, buyer profiles and search on the analytical store."""

import base64
import json
import math
from datetime import date, datetime
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
    "framework_agreement": "boolean", "techniques": "array", "amount": "number",
    "initial_amount": "number", "duration_months": "number",
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
# How a cursor's sort value is read back and bound in SQL, per sort column.
SORT_TYPES = {"notification_date": "DATE", "amount": "DOUBLE", "buyer_name": "VARCHAR",
              "object": "VARCHAR"}  # fmt: skip
# Rows a page number may skip (OFFSET). Beyond, a page number would make the store sort and
# skip ever more rows for each page: lists move on with cursors (keyset « page suivante »), as
# search engines do (Elasticsearch's max_result_window is 10 000 rows, then search_after).
MAX_OFFSET = 10_000
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


def encode_cursor(row, sort, direction, number, backwards=False) -> str:
    """An opaque token for the page `number` that starts after `row` (or ends before it,
    `backwards`) in the list's order: the sort value and the uid that breaks ties."""
    column = SORTS[sort][0]
    value = row.get(column)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    state = [sort, direction, value, row["uid"], number, int(backwards)]
    raw = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token, sort, direction):
    """(value, uid, number, backwards) of a cursor made for this sort, else None (a cursor
    from another sort, a tampered or a truncated one is ignored: the list starts over)."""
    if not token or len(token) > 2_000:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key, way, value, uid, number, backwards = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if (key, way) != (sort, direction) or not isinstance(uid, str) or type(number) is not int:
        return None
    kind = SORT_TYPES[SORTS[sort][0]]
    try:
        if value is not None and kind == "DATE":
            value = date.fromisoformat(value)
        elif value is not None and kind == "DOUBLE":
            if type(value) not in (int, float) or not math.isfinite(value):
                return None
            value = float(value)
        elif value is not None and not isinstance(value, str):
            return None
    except (TypeError, ValueError):
        return None
    return value, uid, max(1, number), bool(backwards)


def _keyset(column, direction, value, uid, backwards):
    """The condition of the rows after (or before) a row, for `ORDER BY column direction NULLS
    LAST, uid`: the sort cannot use OFFSET, so the depth of a page does not change its cost."""
    kind = SORT_TYPES[column]
    beyond = "<" if direction == "desc" else ">"
    if backwards:
        beyond = ">" if beyond == "<" else "<"
    if value is None:  # null values come last, ordered by uid
        if backwards:
            return f"({column} IS NOT NULL OR uid < ?)", [uid]
        return f"({column} IS NULL AND uid > ?)", [uid]
    ties = "<" if backwards else ">"
    condition = (f"({column} {beyond} CAST(? AS {kind}) "
                 f"OR ({column} = CAST(? AS {kind}) AND uid {ties} ?)")  # fmt: skip
    # Rows without a value come after every valued row.
    condition += ")" if backwards else f" OR {column} IS NULL)"
    return condition, [value, value, uid]


def page(filters, text="", number=1, sort="date", size=PAGE_SIZE, count=True, clamp=True,
         direction="", columns=(), cursor=""):  # fmt: skip
    """One page of contracts and the total count; None when no store exists.

    Without `count`, only the first page is read (one scan less) and `total` is None.
    A page beyond the last is the last one (pages), or empty without `clamp` (API clients
    page until they get no rows). `columns`: store columns read besides the list's own.
    `cursor`: a token of `next_cursor`/`previous_cursor`, which reads the page next to another
    without OFFSET. A page number whose rows lie deeper than MAX_OFFSET is not read: the
    result says `too_deep` (the list then offers cursors, filters and downloads).
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
    sort, direction, order = sort_order(sort, direction)
    position = decode_cursor(cursor, sort, direction) if count else None
    number = max(1, position[2] if position else number)
    result = {"rows": [], "total": total, "number": number, "pages": pages, "size": size,
              "too_deep": False, "next_cursor": None, "previous_cursor": None}  # fmt: skip
    if number > pages and not clamp:
        return result
    number = result["number"] = min(number, pages)
    if position is None and (number - 1) * size > MAX_OFFSET:
        result["too_deep"] = True
        return result
    extra = [column for column in exports.CONTRACT_COLUMNS
             if column in set(columns) and column not in LIST_FIELDS]  # fmt: skip
    selected = ", ".join([*LIST_FIELDS, *extra])
    column = SORTS[sort][0]
    backwards = bool(position and position[3])
    if position:
        condition, keyset_params = _keyset(column, direction, position[0], position[1],
                                           backwards)  # fmt: skip
        where, params = f"{where} AND {condition}", [*params, *keyset_params]
        if backwards:  # read the previous rows in reverse order, then put them back
            reverse = "ASC" if direction == "desc" else "DESC"
            order = f"{column} {reverse} NULLS FIRST, uid DESC"
        offset = 0
    else:
        offset = (number - 1) * size
    rows = store_query.fetch_dicts(
        f"SELECT {selected} FROM contracts WHERE {where} "  # noqa: S608
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, size, offset],
    )
    if rows is None:
        return None
    if backwards:
        rows = rows[::-1]
    result["rows"] = rows
    if rows and number < pages:
        result["next_cursor"] = encode_cursor(rows[-1], sort, direction, number + 1)
    if rows and number > 1:
        result["previous_cursor"] = encode_cursor(rows[0], sort, direction, number - 1, True)
    return result


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
