"""The buyers of a scope, their expected end dates and the renewal calendar."""

from datetime import date

import duckdb
import pytest
from django.conf import settings

from apure.pooling import calendar, pages
from apure.pooling.calendar import Scope
from apure.pooling.purchases import Purchase
from apure.pooling.territories import Territory
from tests.observatory import store_builder
from tests.pooling.conftest import LILLE, NORD, ROUBAIX, TODAY, TOURCOING, _reset

pytestmark = pytest.mark.usefixtures("pooling_store")


def scope(kind="departement", code="59", purchase="restauration-collective"):
    return Scope(Territory.parse(kind, code), Purchase.parse(purchase), calendar.period(TODAY))


def overview(found_scope, shown=50):
    return calendar.overview(found_scope, TODAY, shown, 5, 100)


def test_buyers_who_contracted_separately_are_listed_soonest_end_first():
    rows = overview(scope())["buyers"]

    assert [row["buyer_siret"] for row in rows] == [LILLE, ROUBAIX, TOURCOING, NORD]
    lille, roubaix, tourcoing, nord = rows
    # 2025-01-15 + 24 months; the 2023 contract of Lille has ended and does not count as next.
    assert (lille["contracts"], lille["next_end"], lille["current"]) == (2, date(2027, 1, 15), 1)
    assert (roubaix["next_end"], roubaix["frameworks"]) == (date(2027, 9, 1), 1)
    assert (tourcoing["next_end"], tourcoing["end_unknown"]) == (None, 1)  # no duration
    assert (nord["next_end"], nord["current"]) == (None, 0)  # ended in February 2024


def test_other_territories_kinds_and_test_records_are_left_out():
    totals = overview(scope(), shown=1)["totals"][0]

    # Arras (62), the 2021 contract, the concession and the vendor's test record are out.
    assert (totals["buyers"], totals["contracts"], totals["amount"]) == (4, 5, 1_930_000.0)
    assert (totals["end_unknown"], totals["buyers_with_current"]) == (1, 2)


def test_an_epci_holds_itself_and_its_member_communes_only():
    rows = overview(scope("epci", "200093201"))["buyers"]

    assert {row["buyer_siret"] for row in rows} == {LILLE, ROUBAIX, TOURCOING}


def test_a_cpv_class_is_a_kind_of_purchase():
    rows = overview(scope(purchase="cpv-9091"))["buyers"]

    assert [row["buyer_siret"] for row in rows] == [LILLE]


def test_calendar_groups_current_contracts_by_quarter_of_their_end():
    page = pages.pooling_page(scope(), TODAY)

    assert [(row["label"], row["contracts"], row["buyer_names"]) for row in page["calendar"]] == [
        ("T1 2027", 1, ["Ville de Lille"]),
        ("T3 2027", 1, ["Ville de Roubaix"]),
    ]
    assert page["pooling_possible"] is True


def test_contracts_without_duration_come_last_with_an_unknown_end():
    rows = calendar.contracts(scope(), TODAY)

    assert [(row["buyer_siret"], row["end_date"], row["state"]) for row in rows] == [
        (LILLE, date(2027, 1, 15), "en cours"),
        (ROUBAIX, date(2027, 9, 1), "en cours"),
        (TOURCOING, None, "fin inconnue"),
    ]


def test_quarters_far_away_are_summed_in_one_row():
    quarters = [
        {"quarter": date(2027, 1, 1), "contracts": 1, "buyers": 1, "amount": 1.0,
         "frameworks": 0, "buyer_names": ["A"]},
        {"quarter": date(2040, 1, 1), "contracts": 2, "buyers": 2, "amount": 5.0,
         "frameworks": 1, "buyer_names": ["B", "C"]},
        {"quarter": date(2045, 4, 1), "contracts": 1, "buyers": 1, "amount": None,
         "frameworks": 0, "buyer_names": ["B"]},
    ]  # fmt: skip

    rows = pages.calendar_rows(quarters, TODAY)

    assert [(row["label"], row["contracts"], row["buyer_names"]) for row in rows] == [
        ("T1 2027", 1, ["A"]),
        ("à partir de 2032", 3, ["B", "C"]),
    ]


def test_framework_agreements_are_the_store_s_own_and_never_guessed():
    found = overview(scope())
    contracts = {row["uid"].rsplit("/", 1)[1]: row for row in found["contracts"]}
    # R-1 is a framework agreement by its technique (format 2022), its nature is « Marché ».
    assert (contracts["R-1"]["nature"], contracts["R-1"]["framework_agreement"]) == ("Marché", True)
    assert contracts["L-1"]["framework_agreement"] is None  # not said: not counted
    assert found["totals"][0]["frameworks"] == 1


@pytest.mark.parametrize("use_copy", [True, False])
def test_a_store_written_before_the_framework_column_reads_its_2019_natures(use_copy):
    _reset()
    with duckdb.connect(str(settings.ANALYTICS_DB_PATH)) as connection:
        connection.execute("UPDATE contracts SET nature = 'Accord-cadre' WHERE contract_id = 'R-1'")
    store_builder.without_columns(settings.ANALYTICS_DB_PATH, "framework_agreement", "techniques")
    _reset()

    found = calendar.overview(scope(), TODAY, 50, 5, 100, use_copy=use_copy)

    roubaix = next(row for row in found["buyers"] if row["buyer_siret"] == ROUBAIX)
    assert roubaix["frameworks"] == 1
    assert found["totals"][0]["frameworks"] == 1
