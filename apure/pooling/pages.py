"""What the pooling pages and the buyer-page block show (views only render it).

Page data is cached per store version and arguments, like the observatory's pages; `today`
is an argument, so that a cached calendar never outlives its day.
"""

from collections import Counter
from datetime import date

from apure.observatory import segments
from apure.observatory.store_query import cached_page

from . import calendar
from .calendar import Scope
from .purchases import Purchase
from .territories import Territory

BUYERS_SHOWN = 50
CONTRACTS_SHOWN = 100
QUARTER_NAMES_SHOWN = 5
# Beyond this many years the quarters are summed in one row (durations that long are rare
# and often typing errors).
CALENDAR_YEARS = 6
NEIGHBOURS_SHOWN = 5
BUYER_SEGMENTS_SHOWN = 3
# Two buyers are enough for a « groupement de commandes ».
POOLING_MIN_BUYERS = 2


def quarter_label(day: date) -> str:
    return f"T{(day.month - 1) // 3 + 1} {day.year}"


def calendar_rows(quarters: list[dict], today: date) -> list[dict]:
    """Quarters labelled « T3 2027 »; those beyond the horizon summed in one last row."""
    horizon = date(today.year + CALENDAR_YEARS, 1, 1)
    rows = [{**row, "label": quarter_label(row["quarter"])} for row in quarters
            if row["quarter"] < horizon]  # fmt: skip
    later = [row for row in quarters if row["quarter"] >= horizon]
    if later:
        names = sorted({name for row in later for name in row["buyer_names"]})
        rows.append({
            "quarter": horizon,
            "label": f"à partir de {horizon.year}",
            "contracts": sum(row["contracts"] for row in later),
            "buyers": None,  # a buyer may end contracts in several of these quarters
            "amount": sum(row["amount"] or 0 for row in later),
            "frameworks": sum(row["frameworks"] for row in later),
            "buyer_names": names[:QUARTER_NAMES_SHOWN],
        })  # fmt: skip
    for row in rows:
        row["more_buyers"] = max(0, (row["buyers"] or 0) - len(row["buyer_names"]))
    return rows


@cached_page
def pooling_page(scope: Scope, today: date):
    """The buyers of a scope, their renewal calendar and their current contracts."""
    found = calendar.overview(scope, today, BUYERS_SHOWN, QUARTER_NAMES_SHOWN, CONTRACTS_SHOWN)
    if found is None:
        return None
    totals = found["totals"][0]
    return {
        "scope": scope,
        "totals": totals,
        "pooling_possible": totals["buyers"] >= POOLING_MIN_BUYERS,
        "buyers": found["buyers"],
        "buyers_hidden": totals["buyers"] - len(found["buyers"]),
        "calendar": calendar_rows(found["quarters"], today),
        "contracts": found["contracts"],
        "contracts_shown": CONTRACTS_SHOWN,
    }


def _buyer_departement(rows: list[dict]) -> str | None:
    """The buyer's own département when known, else where most of its contracts are."""
    own = Counter(row["buyer_departement"] for row in rows if row["buyer_departement"])
    places = Counter()
    for row in rows:
        if row["departement"]:
            places[row["departement"]] += row["contracts"]
    chosen = own or places
    return chosen.most_common(1)[0][0] if chosen else None


def _main_segments(rows: list[dict]) -> list:
    """The clause library's segments holding most of the buyer's marchés (families are too
    broad to pool on)."""
    counts = Counter()
    for segment in segments.themes():
        counts[segment.code] = sum(row["contracts"] for row in rows if segment.matches(row["cpv"]))
    return [code for code, count in counts.most_common(BUYER_SEGMENTS_SHOWN) if count]


@cached_page
def buyer_block(siret: str, today: date):
    """« Ces acheteurs proches achètent la même chose »: per main segment of the buyer, the
    other buyers of its département and when their contracts end. None: no store."""
    years = calendar.period(today)
    rows = calendar.buyer_purchases(siret, years)
    if rows is None:
        return None
    departement = _buyer_departement(rows)
    # No marché in the period is not an unknown territory: the page says which it is.
    block = {"years": years, "territory": None, "segments": [], "recent": bool(rows)}
    if departement is None:
        return block
    territory = Territory("departement", departement)
    block["territory"] = territory
    scopes = [Scope(territory, Purchase.parse(code), years) for code in _main_segments(rows)]
    purchases = [scope.purchase for scope in scopes]
    found = calendar.neighbours(territory, years, purchases, siret, today, NEIGHBOURS_SHOWN)
    for scope in scopes:
        rows = [row for row in found if row["purchase"] == scope.purchase.code]
        body = calendar.siren(siret)
        own = next((row for row in rows if row[calendar.BUYER_KEY] == body), None)
        others = [row for row in rows if row[calendar.BUYER_KEY] != body]
        block["segments"].append({
            "scope": scope,
            "own": own,
            "others": others,
            "others_total": (rows[0]["buyers"] - (1 if own else 0)) if rows else 0,
        })  # fmt: skip
    return block
