"""The pooling queries against a plain Python reading of the same contracts.

The SQL is shaped for speed on a large store (one scan, buyers aggregated once, top-N parts,
conditions DuckDB checks while reading); this store of a few hundred varied contracts checks
that a facilitator sees exactly what the rules say: which contracts are in scope, their
expected end, the buyers' order, the totals, the calendar and the nearby buyers.
"""

import calendar as month_calendar
import math
import random
from collections import defaultdict
from datetime import date, timedelta

import duckdb
import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import exports, segments, store_query
from apure.pooling import calendar, derived, pages
from apure.pooling.calendar import Scope
from apure.pooling.purchases import Purchase
from apure.pooling.territories import Territory
from tests.observatory import store_builder

TODAY = date(2026, 11, 2)
YEARS = calendar.period(TODAY)  # 2023–2026
# SIRET: SIREN (the body) then NIC (the establishment). Buyers 1, 11 and 21 are a second
# establishment of buyers 0, 10 and 20 (same SIREN): one buyer each on a pooling page.
SECOND_ESTABLISHMENTS = {1, 11, 21}
BUYERS = [f"2159{index - (index in SECOND_ESTABLISHMENTS):05d}{index:05d}" for index in range(30)]
CPVS = ["15894200", "55523100", "90911200", "45210000", "45453000", "71200000", "71300000",
        "30200000", "15811000"]  # fmt: skip
# Durations: whole, fractional (a fraction of a month is days), none, zero, a typing error.
DURATIONS = [None, 0, 1, 6, 12, 24, 36, 48, 1.5, 13.1, 700]


def random_contracts(seed=11, count=400):
    rng = random.Random(seed)  # noqa: S311 (test data, not a secret)
    names = {siret: rng.choice([f"Ville {index}", None]) for index, siret in enumerate(BUYERS)}
    contracts = []
    for index in range(count):
        buyer = rng.choice(BUYERS)
        name = names[buyer]
        if name and rng.random() < 0.1:
            name = name.upper()  # the same buyer spelled another way in some records
        buyer_departement = rng.choice(["59", "59", "62"])
        contracts.append({
            "contract_id": f"C-{index:04d}",
            "buyer_siret": buyer,
            "buyer_name": name,
            "buyer_departement": buyer_departement,
            "buyer_region": "32",
            # No place of execution: the buyer's département counts.
            "departement": rng.choice([None, buyer_departement, "59", "62"]),
            "region": "32",
            "object": f"Objet {index}",
            "cpv": rng.choice(CPVS),
            # The store's three states of a framework agreement (NULL: not said); three
            # choices, as the natures drawn before, keep the generator's sequence.
            "framework_agreement": rng.choice([None, False, True]),
            "notification_date": date(2021, 1, 1) + timedelta(days=rng.randrange(6 * 365)),
            "duration_months": rng.choice(DURATIONS),
            "amount": rng.choice([None, float(rng.randrange(1, 10**6)) / 4]),
            "kind": rng.choice(["marche"] * 9 + ["concession"]),
            "is_test": rng.random() < 0.03,
        })  # fmt: skip
    return contracts


@pytest.fixture
def varied_store(monkeypatch):
    monkeypatch.setattr(exports, "today", lambda: TODAY)
    store.close()
    store_query.clear_cache()
    contracts = random_contracts()
    store_builder.build(settings.ANALYTICS_DB_PATH, contracts)
    yield [store_builder.complete(contract, index) for index, contract in enumerate(contracts)]
    store.close()
    derived.close()
    store_query.clear_cache()
    pages.pooling_page.cache_clear()
    pages.buyer_block.cache_clear()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


# --- the rules, read plainly ---------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def expected_end(contract) -> date | None:
    months = contract["duration_months"]
    if months is None or not 0 < months <= calendar.MAX_DURATION_MONTHS:
        return None
    whole = math.floor(months)
    days = math.floor((months - whole) * calendar.DAYS_PER_MONTH + 0.5)
    return add_months(contract["notification_date"], whole) + timedelta(days=days)


def in_scope(contract, departement, purchase) -> bool:
    place = contract["departement"] or contract["buyer_departement"]
    return (
        not contract["is_test"]
        and contract["kind"] == "marche"
        and contract["year"] in YEARS
        and place == departement
        and contract["cpv"].startswith(purchase.cpv_prefixes)
    )


def scoped(contracts, departement, purchase):
    rows = [c for c in contracts if in_scope(c, departement, purchase)]
    return [{**c, "end_date": expected_end(c)} for c in rows]


def nulls_last(value):
    return (value is None, value)


def total(values):
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def siren(siret):
    return siret[:9]


def body_names(rows):
    """SIREN → the body's name: the greatest of those its establishments published."""
    names = defaultdict(set)
    for row in rows:
        names[siren(row["buyer_siret"])].add(row["buyer_name"])
    return {body: max((n for n in found if n), default=None) for body, found in names.items()}


def main_siret(own):
    """The establishment with the most contracts, the smallest SIRET on a tie."""
    counts = defaultdict(int)
    for row in own:
        counts[row["buyer_siret"]] += 1
    return min(counts, key=lambda siret: (-counts[siret], siret))


def expected_buyers(rows):
    by_buyer = defaultdict(list)
    for row in rows:
        by_buyer[siren(row["buyer_siret"])].append(row)
    buyers = []
    for body, own in by_buyer.items():
        names = [row["buyer_name"] for row in own if row["buyer_name"]]
        ends = [row["end_date"] for row in own if row["end_date"] and row["end_date"] >= TODAY]
        buyers.append({
            "buyer_siren": body,
            "buyer_siret": main_siret(own),
            "establishments": len({row["buyer_siret"] for row in own}),
            "buyer_name": max(names) if names else None,
            "contracts": len(own),
            "amount": total(row["amount"] for row in own),
            "amounts_known": sum(row["amount"] is not None for row in own),
            "frameworks": sum(row["framework_agreement"] is True for row in own),
            "end_unknown": sum(row["end_date"] is None for row in own),
            "current": len(ends),
            "next_end": min(ends) if ends else None,
            "last_notification": max(row["notification_date"] for row in own),
        })  # fmt: skip
    return sorted(buyers, key=buyers_order)


def buyers_order(buyer):
    """Soonest expected end, then an unknown end, then by name."""
    return (
        nulls_last(buyer["next_end"]),
        not buyer["end_unknown"],
        nulls_last(buyer["buyer_name"]),
        buyer["buyer_siren"],
    )


def expected_quarters(rows):
    names = body_names(rows)
    by_quarter = defaultdict(list)
    for row in rows:
        if row["end_date"] and row["end_date"] >= TODAY:
            end = row["end_date"]
            by_quarter[date(end.year, (end.month - 1) // 3 * 3 + 1, 1)].append(row)
    return [
        {
            "quarter": quarter,
            "contracts": len(own),
            "buyers": len({siren(row["buyer_siret"]) for row in own}),
            "amount": total(row["amount"] for row in own),
            "frameworks": sum(row["framework_agreement"] is True for row in own),
            "buyer_names": sorted(
                {names[siren(row["buyer_siret"])] or siren(row["buyer_siret"]) for row in own}
            )[:5],
        }
        for quarter, own in sorted(by_quarter.items())
    ]


def contracts_order(contract):
    """Soonest expected end (unknown last), then by buyer (the body's name)."""
    return nulls_last(contract["end_date"]), nulls_last(contract["body_name"]), contract["uid"]


def with_body_names(rows):
    names = body_names(rows)
    return [{**row, "body_name": names[siren(row["buyer_siret"])]} for row in rows]


def state(contract) -> str:
    if contract["end_date"] is None:
        return calendar.STATE_UNKNOWN
    return calendar.STATE_CURRENT if contract["end_date"] >= TODAY else calendar.STATE_ENDED


def same(found: list[dict], expected: list[dict]):
    """Rows equal on the expected columns, amounts to the cent (sums may add in any order)."""
    assert len(found) == len(expected)
    for row, wanted in zip(found, expected, strict=True):
        for column, value in wanted.items():
            if isinstance(value, float):
                assert row[column] == pytest.approx(value, abs=0.01), column
            else:
                assert row[column] == value, column


# --- the checks ----------------------------------------------------------------------------
NEIGHBOUR_COLUMNS = ("buyer_siren", "buyer_siret", "establishments", "buyer_name", "contracts",
                     "amount", "end_unknown", "next_end")  # fmt: skip


def neighbours_order(buyer):
    """Soonest expected end, then the buyers with the most contracts."""
    return nulls_last(buyer["next_end"]), -buyer["contracts"], buyer["buyer_siren"]


@pytest.mark.parametrize("purchase_code", ["restauration-collective", "cpv-4521", "cpv-9091"])
def test_a_pooling_page_shows_what_the_rules_say(varied_store, purchase_code):
    purchase = Purchase.parse(purchase_code)
    rows = scoped(varied_store, "59", purchase)
    assert len(rows) > 10  # the store exercises the rules

    scope = Scope(Territory.parse("departement", "59"), purchase, YEARS)

    found = calendar.overview(scope, TODAY, buyers_shown=10, names_shown=5, contracts_shown=40)

    buyers = expected_buyers(rows)
    assert any(buyer["establishments"] > 1 for buyer in buyers)  # bodies with two SIRETs
    same(found["buyers"], buyers[:10])
    same(found["totals"], [{
        "buyers": len(buyers),
        "contracts": len(rows),
        "amount": total(buyer["amount"] for buyer in buyers) or 0,
        "amounts_known": sum(buyer["amounts_known"] for buyer in buyers),
        "frameworks": sum(buyer["frameworks"] for buyer in buyers),
        "end_unknown": sum(buyer["end_unknown"] for buyer in buyers),
        "current": sum(buyer["current"] for buyer in buyers),
        "buyers_with_current": sum(buyer["current"] > 0 for buyer in buyers),
    }])  # fmt: skip
    same(found["quarters"], expected_quarters(rows))
    running = [r for r in with_body_names(rows) if r["end_date"] is None or r["end_date"] >= TODAY]
    running.sort(key=contracts_order)
    same(
        found["contracts"],
        [{"uid": row["uid"], "end_date": row["end_date"]} for row in running[:40]],
    )


def test_the_export_lists_every_contract_of_the_scope_with_its_state(varied_store):
    purchase = Purchase.parse("restauration-collective")
    rows = scoped(varied_store, "59", purchase)

    scope = Scope(Territory.parse("departement", "59"), purchase, YEARS)

    found = calendar.contracts(scope, TODAY, current_only=False)

    rows = sorted(with_body_names(rows), key=contracts_order)
    same(found, [{
        "uid": r["uid"], "end_date": r["end_date"], "state": state(r),
        # The buyer as the page counts it: the body, under one name.
        "buyer_siret": r["buyer_siret"], "buyer_siren": siren(r["buyer_siret"]),
        "buyer_name": r["body_name"],
    } for r in rows])  # fmt: skip


def test_nearby_buyers_are_those_whose_contracts_end_soonest(varied_store):
    codes = ["restauration-collective", "batiment-rehabilitation", "maitrise-oeuvre"]
    purchases = [Purchase.parse(code) for code in codes]
    assert all(segments.get(code) for code in codes)
    # A second establishment: its block is about its whole body, never a neighbour of itself.
    siret, shown = BUYERS[11], 4

    territory = Territory.parse("departement", "59")

    found = calendar.neighbours(territory, YEARS, purchases, siret, TODAY, shown)

    expected = []
    for purchase in purchases:
        buyers = expected_buyers(scoped(varied_store, "59", purchase))
        buyers.sort(key=neighbours_order)
        others = [b for b in buyers if b["buyer_siren"] != siren(siret)][:shown]
        kept = [b for b in buyers if b["buyer_siren"] == siren(siret) or b in others]
        expected += [
            {"purchase": purchase.code, "buyers": len(buyers)}
            | {column: buyer[column] for column in NEIGHBOUR_COLUMNS}
            for buyer in kept
        ]
    expected.sort(key=lambda b: (b["purchase"], *neighbours_order(b)))
    assert len({row["purchase"] for row in expected}) == len(purchases)
    same(found, expected)


@pytest.mark.parametrize(
    ("territory", "purchase_code"),
    [
        (("departement", "59"), "restauration-collective"),
        (("departement", "62"), "cpv-4521"),
        (("region", "32"), "travaux"),
        (("region", "32"), "services"),
        (("epci", "200093201"), "restauration-collective"),  # MEL: none of these buyers
    ],
)
def test_the_pooling_copy_gives_the_same_answers_as_the_store(
    varied_store, territory, purchase_code
):
    scope = Scope(Territory.parse(*territory), Purchase.parse(purchase_code), YEARS)
    shown = {"buyers_shown": 10, "names_shown": 5, "contracts_shown": 40}

    from_copy = calendar.overview(scope, TODAY, **shown)
    from_store = calendar.overview(scope, TODAY, **shown, use_copy=False)

    assert derived.cursor() is not None  # the copy was built and read
    assert from_copy.keys() == from_store.keys()
    for part, rows in from_copy.items():
        same_rows(rows, from_store[part])
    same_rows(
        calendar.contracts(scope, TODAY, current_only=False),
        calendar.contracts(scope, TODAY, current_only=False, use_copy=False),
    )
    purchases = [Purchase.parse(code) for code in ("restauration-collective", "cpv-4521")]
    args = (scope.territory, YEARS, purchases, BUYERS[3], TODAY, 4)
    same_rows(calendar.neighbours(*args), calendar.neighbours(*args, use_copy=False))


def same_rows(found, expected):
    """Equal rows; sums of amounts to the cent (the copy adds them in another order)."""
    assert len(found) == len(expected)
    for row, wanted in zip(found, expected, strict=True):
        assert row.keys() == wanted.keys()
        for column, value in wanted.items():
            if isinstance(value, float):
                assert row[column] == pytest.approx(value, abs=0.01), column
            else:
                assert row[column] == value, column


def test_the_pooling_copy_follows_the_store_and_keeps_one_version(varied_store):
    scope = Scope(Territory.parse("departement", "59"), Purchase.parse("travaux"), YEARS)
    before = calendar.overview(scope, TODAY, 10, 5, 40)["totals"][0]["contracts"]
    first = derived.path_for(store_query.store_version())
    assert first.exists()

    # A new import swaps the store: the next query builds a new copy and drops the old one.
    store.close()
    store_builder.build(settings.ANALYTICS_DB_PATH, random_contracts(seed=12, count=50))
    after = calendar.overview(scope, TODAY, 10, 5, 40)["totals"][0]["contracts"]

    assert after != before
    assert not first.exists()
    assert list(derived.folder().glob("*.duckdb")) == [
        derived.path_for(store_query.store_version())
    ]


def test_the_pages_read_the_store_when_the_copy_cannot_be_built(varied_store, monkeypatch):
    def refuse(path):
        raise OSError("disque plein")

    monkeypatch.setattr(derived, "build", refuse)
    derived.close()
    scope = Scope(Territory.parse("departement", "59"), Purchase.parse("travaux"), YEARS)
    for stale in derived.folder().glob("*.duckdb"):
        stale.unlink()

    found = calendar.overview(scope, TODAY, 10, 5, 40)

    assert found == calendar.overview(scope, TODAY, 10, 5, 40, use_copy=False)
    assert found["totals"][0]["contracts"] > 0


def test_the_copy_is_built_within_the_import_memory_limit_and_leaves_no_spill(
    varied_store, monkeypatch
):
    # A web process may build the copy: DuckDB's own default (80 % of the machine) took
    # 4.2 GB on a 10 M store. The import's limit applies, and what it sorts on disk goes.
    monkeypatch.setenv("APURE_IMPORT_MEMORY_MB", "64")
    statements = []
    connect = duckdb.connect

    class Recording:
        def __init__(self, connection):
            self.connection = connection

        def execute(self, sql, *args):
            statements.append(sql)
            return self.connection.execute(sql, *args)

        def close(self):
            self.connection.close()

    monkeypatch.setattr(derived.duckdb, "connect", lambda *a: Recording(connect(*a)))
    derived.close()
    for stale in derived.folder().glob("*.duckdb"):
        stale.unlink()
    path = derived.path_for(store_query.store_version())

    derived.build(path)

    assert "SET memory_limit = '64MB'" in statements
    assert path.exists()
    assert sorted(p.name for p in derived.folder().iterdir()) == sorted([path.name, "build.lock"])
