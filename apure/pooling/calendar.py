"""Who bought the same kind of thing separately in a territory, and when their contracts end.

A scope is a territory, a kind of purchase and a period of notification. Only marchés are
read (a concession is not pooled with others). A buyer is a body, known by its SIREN: a
body that publishes under several SIRETs (its establishments) is one buyer, named and counted
once (`BUYER_KEY`, applied in `_scoped` and `by_body`). The expected end of a contract is its
notification date plus its duration: the DECP give no end date, and no renewal or extension
either, so the date is an estimate; without a duration the end is unknown and shown as such.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from apure.observatory import store_query
from apure.observatory.filters import TERRITORY_DEPARTEMENT, Filters

from . import derived
from .purchases import Purchase
from .territories import Territory

# Most recurring purchases are renewed within four years: a framework agreement lasts at most
# four years for most buyers (code de la commande publique, art. L2125-1 and R2162-4), so four
# years of notifications show each buyer's current contract.
DEFAULT_PERIOD_YEARS = 4
PERIOD_CHOICES = (2, 3, 4, 5, 6)
# A duration beyond this is a typing error (a day count, an amount): the end stays unknown.
MAX_DURATION_MONTHS = 600
CONTRACT_KIND = "marche"
DAYS_PER_MONTH = 30

# Expected end: whole months on the calendar, then the fraction of a month in days.
END_DATE_SQL = f"""CASE WHEN duration_months > 0 AND duration_months <= {MAX_DURATION_MONTHS}
    THEN CAST(notification_date + to_months(CAST(floor(duration_months) AS INTEGER))
         + to_days(CAST(round((duration_months - floor(duration_months)) * {DAYS_PER_MONTH})
                        AS INTEGER)) AS DATE) END"""

STATE_CURRENT, STATE_ENDED, STATE_UNKNOWN = "en cours", "terminé", "fin inconnue"


def period(today: date, years: int = DEFAULT_PERIOD_YEARS) -> tuple[int, ...]:
    """The notification years of a period ending this year."""
    return tuple(range(today.year - years + 1, today.year + 1))


@dataclass(frozen=True)
class Source:
    """Where the pooling queries read: the store itself, or its pooling copy (derived.py),
    which holds the same marchés with the territory rule and the expected end as columns."""

    table: str
    end_date: str  # SQL expression of the expected end
    is_copy: bool
    fetch: Callable
    # SQL of « is a framework agreement » (the store's one definition, store_query)
    framework: Callable[[], str]


STORE = Source("contracts", END_DATE_SQL, False, store_query.fetch_dicts, store_query.framework_sql)
COPY = Source(derived.TABLE, "end_date", True, derived.fetch_dicts, lambda: "framework_agreement")


def _fetch(make_query, use_copy=True):
    """Rows of `make_query(source)` from the copy, or from the store when the copy is not
    available (or not wanted: the tests compare both)."""
    if use_copy:
        rows = COPY.fetch(*make_query(COPY))
        if rows is not None:
            return rows
    return STORE.fetch(*make_query(STORE))


@dataclass(frozen=True)
class Scope:
    territory: Territory
    purchase: Purchase
    years: tuple[int, ...]

    def where(self, source: Source = STORE) -> tuple[str, list]:
        territory_where, territory_params = territory_period_where(
            self.territory, self.years, source
        )
        purchase_where, purchase_params = self.purchase.where()
        return f"{territory_where} AND {purchase_where}", [*territory_params, *purchase_params]


def territory_period_where(
    territory: Territory, years: tuple[int, ...], source: Source = STORE
) -> tuple[str, list]:
    """The marchés of a territory notified in `years`, any kind of purchase."""
    filters = territory.filters(Filters.build(years=years, kind=CONTRACT_KIND))
    if source.is_copy:
        return derived.territory_period_where(filters, territory.extra_condition())
    where, params = filters.where()
    for extra, extra_params in (territory.extra_condition(), territory.implied_condition()):
        if extra:
            where, params = f"{where} AND {extra}", [*params, *extra_params]
    return where, params


def any_cpv_prefix(purchases: list[Purchase]) -> tuple[str, list]:
    """Contracts of any of these purchases, and perhaps a few more (a CPV class is also a
    division): a condition on the CPV column alone, which DuckDB checks while reading it."""
    prefixes = sorted({prefix for purchase in purchases for prefix in purchase.cpv_prefixes})
    return f"({' OR '.join('starts_with(cpv, ?)' for _ in prefixes)})", prefixes


# The buyer is the body (SIREN), not the establishment (SIRET) that published: a city
# publishing under its town hall's and its technical services' SIRETs is one candidate for a
# « groupement de commandes ». Every part of a page and the export read these two columns.
BUYER_KEY = "buyer_siren"
# One name per body, whichever establishment published (the same rule as one name per SIRET
# before: the greatest of the names published, as the buyers' list aggregates it).
BODY_NAME_SQL = f"max(buyer_name) OVER (PARTITION BY {BUYER_KEY})"


def siren(siret: str) -> str:
    """The body of an establishment (the store's `buyer_siren`: the first nine digits)."""
    return siret[:9]


def _scoped(where: str, source: Source) -> str:
    # MATERIALIZED: the parts of a page read these rows, the store is scanned once.
    return f"""WITH scoped AS MATERIALIZED (
        SELECT uid, {BUYER_KEY}, buyer_siret, {BODY_NAME_SQL} AS buyer_name, object, cpv,
               nature, procedure, amount, duration_months, notification_date,
               {source.end_date} AS end_date, {source.framework()} AS framework_agreement
        FROM {source.table} WHERE {where})"""  # noqa: S608 (values are bound parameters)


# A body's row links to its establishment with the most contracts (the smallest SIRET on a
# tie, so that the page does not change from one reading to the next): the observatory's
# buyer pages are per SIRET.
MAIN_SIRET_SQL = "first(buyer_siret ORDER BY contracts DESC, buyer_siret)"


def by_body(per_establishment: str, sums=(), least=(), greatest=(), extra="") -> str:
    """Rows of `per_establishment` (one per SIRET, with `buyer_siren`, `buyer_siret`,
    `buyer_name`, `contracts` and the columns named in `sums`, `least` and `greatest`)
    grouped by body: its main SIRET, its number of establishments, the sums of `contracts`
    and `sums`, the least of `least`, the greatest of `greatest`. `extra`: other grouping
    columns, with their trailing comma."""
    columns = [f"sum({column}) AS {column}" for column in ("contracts", *sums)]
    columns += [f"min({column}) AS {column}" for column in least]
    columns += [f"max({column}) AS {column}" for column in greatest]
    return f"""SELECT {extra} {BUYER_KEY}, {MAIN_SIRET_SQL} AS buyer_siret,
               count(*) AS establishments, max(buyer_name) AS buyer_name, {", ".join(columns)}
        FROM ({per_establishment}) GROUP BY {extra} {BUYER_KEY}"""  # noqa: S608 (no value)


# Each part of a page: its SELECT (parameters in order), and its order.
BUYERS_SQL = by_body(
    f"""SELECT {BUYER_KEY}, buyer_siret, max(buyer_name) AS buyer_name, count(*) AS contracts,
           sum(amount) AS amount, count(amount) AS amounts_known,
           count(*) FILTER (WHERE framework_agreement) AS frameworks,
           count(*) FILTER (WHERE end_date IS NULL) AS end_unknown,
           count(*) FILTER (WHERE end_date >= ?) AS current,
           min(end_date) FILTER (WHERE end_date >= ?) AS next_end,
           max(notification_date) AS last_notification
    FROM scoped GROUP BY {BUYER_KEY}, buyer_siret""",  # noqa: S608 (no value in the text)
    sums=("amount", "amounts_known", "frameworks", "end_unknown", "current"),
    least=("next_end",),
    greatest=("last_notification",),
)
# The buyers are aggregated once: the totals and the list of buyers both read this.
BY_BUYER_SQL = f", by_buyer AS MATERIALIZED ({BUYERS_SQL})"  # noqa: S608 (no value in the text)
BUYERS_PART_SQL = "SELECT * FROM by_buyer"
# The soonest expected end first, then the buyers whose contracts may still run (end
# unknown), then those whose contracts have all ended.
BUYERS_ORDER = f"next_end NULLS LAST, end_unknown > 0 DESC, buyer_name NULLS LAST, {BUYER_KEY}"

TOTALS_SQL = """
    SELECT count(*) AS buyers, coalesce(sum(contracts), 0) AS contracts,
           coalesce(sum(amount), 0) AS amount, coalesce(sum(amounts_known), 0) AS amounts_known,
           coalesce(sum(frameworks), 0) AS frameworks,
           coalesce(sum(end_unknown), 0) AS end_unknown, coalesce(sum(current), 0) AS current,
           count(*) FILTER (WHERE current > 0) AS buyers_with_current
    FROM by_buyer"""

QUARTERS_SQL = f"""
    SELECT CAST(date_trunc('quarter', end_date) AS DATE) AS quarter,
           count(*) AS contracts, count(DISTINCT {BUYER_KEY}) AS buyers,
           sum(amount) AS amount, count(*) FILTER (WHERE framework_agreement) AS frameworks,
           list_sort(list(DISTINCT coalesce(buyer_name, {BUYER_KEY})))[1:?] AS buyer_names
    FROM scoped WHERE end_date >= ? GROUP BY 1"""  # noqa: S608 (no value in the text)
QUARTERS_ORDER = "quarter"

CONTRACTS_SQL = f"""
    SELECT uid, {BUYER_KEY}, buyer_siret, buyer_name, object, cpv, nature, procedure, amount,
           duration_months, notification_date, end_date, framework_agreement,
           CASE WHEN end_date IS NULL THEN ? WHEN end_date >= ? THEN ? ELSE ? END AS state
    FROM scoped WHERE (? OR end_date >= ? OR end_date IS NULL)"""  # noqa: S608
CONTRACTS_ORDER = "end_date NULLS LAST, buyer_name NULLS LAST, uid"


def _part(name: str, select: str, order: str) -> str:
    # ORDER BY … LIMIT keeps only the first rows while reading (a top-N): numbering every
    # row of a large scope to keep a hundred cost more than the rest of the page.
    return (
        f"SELECT '{name}' AS part, row_number() OVER (ORDER BY {order}) AS position, * "  # noqa: S608
        f"FROM ({select} ORDER BY {order} LIMIT ?)"
    )


def _contracts_params(today, current_only):
    return [STATE_UNKNOWN, today, STATE_CURRENT, STATE_ENDED, not current_only, today]


def overview(
    scope: Scope,
    today: date,
    buyers_shown: int,
    names_shown: int,
    contracts_shown: int,
    use_copy: bool = True,
):
    """What a pooling page shows, in one scan of the store. Parts: `totals` (one row for the
    whole scope), `buyers` (the first `buyers_shown`), `quarters` (contracts still running by
    quarter of their expected end, with some buyers' names) and `contracts` (the first ones
    still running or of unknown end, soonest end first). None when no store exists."""
    parts = (
        ("totals", TOTALS_SQL, "buyers", [], None),
        ("buyers", BUYERS_PART_SQL, BUYERS_ORDER, [], buyers_shown),
        ("quarters", QUARTERS_SQL, QUARTERS_ORDER, [names_shown, today], None),
        ("contracts", CONTRACTS_SQL, CONTRACTS_ORDER, _contracts_params(today, True),
         contracts_shown),
    )  # fmt: skip

    def query(source):
        where, params = scope.where(source)
        sql = (
            _scoped(where, source)
            + BY_BUYER_SQL
            + " UNION ALL BY NAME ".join(
                f"({_part(name, select, order)})" for name, select, order, _, _ in parts
            )
        )
        params = [*params, today, today]
        for _, _, _, part_params, limit in parts:
            params = [*params, *part_params, limit]
        return sql + " ORDER BY part, position", params

    rows = _fetch(query, use_copy)
    if rows is None:
        return None
    found = {name: [] for name, *_ in parts}
    for row in rows:
        found[row["part"]].append(row)
    return found


def contracts(
    scope: Scope, today: date, limit: int | None = None, current_only=True, use_copy=True
):
    """Contracts of the scope with their expected end and its state, soonest end first;
    with `current_only`, those still running or whose end is unknown."""

    def query(source):
        where, params = scope.where(source)
        return (
            _scoped(where, source) + _part("contracts", CONTRACTS_SQL, CONTRACTS_ORDER),
            [*params, *_contracts_params(today, current_only), limit],
        )

    return _fetch(query, use_copy)


def neighbours(
    territory: Territory,
    years: tuple[int, ...],
    purchases: list[Purchase],
    siret: str,
    today: date,
    shown: int,
    use_copy: bool = True,
) -> list[dict] | None:
    """For each kind of purchase in the territory, the buyer of `siret` (its body, all its
    establishments) and the `shown` other buyers whose contracts end soonest, with how many
    buyers buy it there (`buyers`). One query, one scan of the store: the territory's marchés
    are read once for all purchases."""
    if not purchases:
        return []

    def query(source):
        where, params = territory_period_where(territory, years, source)
        cpv_where, cpv_params = any_cpv_prefix(purchases)
        params += cpv_params
        parts = []
        for purchase in purchases:
            purchase_where, purchase_params = purchase.where()
            per_establishment = f"""SELECT ? AS purchase, {BUYER_KEY}, buyer_siret,
                       max(buyer_name) AS buyer_name, count(*) AS contracts,
                       sum(amount) AS amount,
                       count(*) FILTER (WHERE end_date IS NULL) AS end_unknown,
                       min(end_date) FILTER (WHERE end_date >= ?) AS next_end
                FROM territory WHERE {purchase_where}
                GROUP BY {BUYER_KEY}, buyer_siret"""  # noqa: S608 (values are bound parameters)
            parts.append(
                by_body(per_establishment, ("amount", "end_unknown"), ("next_end",), (),
                        extra="purchase,")
            )  # fmt: skip
            params += [purchase.code, today, *purchase_params]
        # Each part checks its whole purchase condition (`Purchase.where`: `is_test`, `cpv`,
        # `cpv_division`) on the rows read once here.
        sql = f"""WITH territory AS MATERIALIZED (
                SELECT {BUYER_KEY}, buyer_siret, buyer_name, amount, is_test, cpv,
                       cpv_division, {source.end_date} AS end_date
                FROM {source.table} WHERE {where} AND {cpv_where})
            SELECT *, count(*) OVER (PARTITION BY purchase) AS buyers
            FROM ({" UNION ALL ".join(parts)})
            QUALIFY {BUYER_KEY} = ? OR row_number() OVER (
                PARTITION BY purchase, {BUYER_KEY} = ?
                ORDER BY next_end NULLS LAST, contracts DESC, {BUYER_KEY}) <= ?
            ORDER BY purchase, next_end NULLS LAST, contracts DESC, {BUYER_KEY}"""  # noqa: S608
        body = siren(siret)
        return sql, [*params, body, body, shown]

    return _fetch(query, use_copy)


def buyer_purchases(siret: str, years: tuple[int, ...]) -> list[dict] | None:
    """The CPV codes a buyer's marchés of the period carry, by département (territory rule
    of the observatory) and the buyer's own département, with their counts."""
    where, params = Filters.build(years=years, kind=CONTRACT_KIND, buyer=siret).where()
    return store_query.fetch_dicts(
        f"""SELECT cpv, {TERRITORY_DEPARTEMENT} AS departement, buyer_departement,
               count(*) AS contracts
        FROM contracts WHERE {where} GROUP BY ALL""",  # noqa: S608 (values are bound)
        params,
    )
