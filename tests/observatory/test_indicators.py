from datetime import date

import pytest

from apure.observatory import indicators, segments, store_query, summary
from apure.observatory.filters import Filters
from apure.observatory.indicators import (
    climate_radar,
    peer_position,
    pnad_gap,
    purchase_segments,
    spaser_estimate,
)
from tests.observatory import store_builder

ALL = Filters.build()


def _count(rows, **conditions):
    return sum(all(row[key] == value for key, value in conditions.items()) for row in rows)


def test_summary_counts_match_the_contracts(observatory_store):
    rows = observatory_store
    result = summary.compute(ALL)
    assert result["contracts"] == len(rows)
    for dimension in ("social", "environmental"):
        block = result[dimension]
        assert block["yes"] == _count(rows, **{dimension: "yes"})
        assert block["no"] == _count(rows, **{dimension: "no"})
        assert block["unknown"] == _count(rows, **{dimension: "unknown"})
        assert block["share_yes"] == pytest.approx(block["yes"] / (block["yes"] + block["no"]))
        assert block["coverage"] == pytest.approx((block["yes"] + block["no"]) / len(rows))


def test_unknown_is_never_counted_as_no(observatory_store):
    before_2024 = summary.compute(Filters.build(years=[2022, 2023]))
    assert before_2024["social"]["no"] == 0
    assert before_2024["social"]["unknown"] == before_2024["contracts"] > 0
    assert before_2024["social"]["share_yes"] is None
    assert before_2024["social"]["coverage"] == 0


def test_amount_is_over_marches_and_concessions_are_reported_apart(observatory_store):
    rows = observatory_store
    result = summary.compute(ALL)
    marches = [row["amount"] for row in rows if row["kind"] == "marche" and row["amount"]]
    assert result["amount_eur"] == pytest.approx(sum(marches))
    assert result["concessions"] == {"contracts": 1, "amount_eur": 150_000_000.0}


def test_by_year_counts_every_known_year(observatory_store):
    rows = observatory_store
    by_year = summary.compute(ALL)["by_year"]
    expected = {str(year): _count(rows, year=year) for year in {row["year"] for row in rows}}
    assert {year: item["contracts"] for year, item in by_year.items()} == expected


@pytest.mark.parametrize(
    ("filters", "condition"),
    [
        ({"region": "32"}, lambda r: (r["region"] or r["buyer_region"]) == "32"),
        ({"departement": "62"}, lambda r: r["departement"] == "62"),
        ({"buyer": "21590350100017"}, lambda r: r["buyer_siret"] == "21590350100017"),
        ({"buyer_kind": "commune"}, lambda r: r["buyer_kind"] == "commune"),
        ({"cpv_division": "45"}, lambda r: (r["cpv"] or "").startswith("45")),
        (
            {"segment": "restauration-collective"},
            lambda r: segments.get("restauration-collective").matches(r["cpv"]),
        ),
        ({"kind": "concession"}, lambda r: r["kind"] == "concession"),
        ({"amount_band": "inconnu"}, lambda r: r["amount"] is None),
        ({"amount_band": "5m-plus"}, lambda r: (r["amount"] or 0) >= 5_400_000),
        (
            {"procedure": "Appel d'offres ouvert"},
            lambda r: r["procedure"] == "Appel d'offres ouvert",
        ),
        ({"years": [2025, 2026]}, lambda r: r["year"] in (2025, 2026)),
    ],
)
def test_every_filter_narrows_the_contracts(observatory_store, filters, condition):
    expected = sum(1 for row in observatory_store if condition(row))
    assert 0 < expected < len(observatory_store)
    assert summary.compute(Filters.build(**filters))["contracts"] == expected


def test_filter_values_are_bound_not_injected(observatory_store):
    hostile = Filters.build(procedure="x' OR '1'='1")
    assert summary.compute(hostile)["contracts"] == 0


def test_every_registered_indicator_is_documented_and_computes(observatory_store):
    codes = [indicator.code for indicator in indicators.all_indicators()]
    assert len(codes) == len(set(codes)) >= 8
    for indicator in indicators.all_indicators():
        assert indicator.title and indicator.definition and indicator.basis and indicator.version
        filters = ALL.with_(buyer="21590350100017") if indicator.needs_buyer else ALL
        result = indicator.compute(filters)
        assert result.rows, indicator.code
        assert all(column.key in result.rows[0] for column in result.columns), indicator.code


def test_indicators_say_none_when_nothing_is_imported(empty_store):
    for indicator in indicators.all_indicators():
        assert indicator.compute(ALL.with_(buyer="21590350100017")) is None
    assert summary.compute(ALL) is None


def test_pnad_gap_uses_the_dated_targets(observatory_store):
    rows = {row["year"]: row for row in pnad_gap.compute(ALL).rows}
    assert rows[2025]["social_target"] == 0.30
    assert rows[2025]["environmental_target"] == 1.0
    # Gaps are in percentage points, as shown on the pages.
    assert rows[2025]["social_gap"] == pytest.approx(100 * (rows[2025]["social_share"] - 0.30))
    assert rows[2026]["social_target"] is None  # no national plan after 2025
    assert rows[2022]["social_gap"] is None  # nothing known before 2024


def test_climate_radar_counts_contracts_notified_from_august_2026(observatory_store):
    start = date(2026, 8, 21)
    recent = [r for r in observatory_store if r["notification_date"] >= start]
    result = climate_radar.compute(ALL)
    counts = result.data["counts"]
    assert counts["notified"] == len(recent)
    assert counts["no_environmental"] == _count(recent, environmental="no")
    # Supplies and services of local buyers: 216 000 € in 2026; works 5 404 000 €.
    above = [
        r
        for r in recent
        if r["amount"]
        and r["amount"] >= (5_404_000 if r["cpv"].startswith("45") else
                            140_000 if r["buyer_kind"] == "etat" else 216_000)
    ]  # fmt: skip
    assert counts["above_eu"] == len(above)
    assert counts["above_eu_no_social"] == _count(above, social="no")
    assert all("à vérifier" in row["signal"] for row in result.rows if "sans" in row["signal"])


def test_spaser_estimate_flags_the_region_in_2025_with_the_threshold_in_force(observatory_store):
    result = spaser_estimate.compute(ALL)
    assert [(r["buyer_siret"], r["year"]) for r in result.rows] == [("20005374200014", 2025)]
    assert result.rows[0]["threshold"] == 50_000_000
    assert any("borne basse" in note for note in result.notes)
    buyer_years = spaser_estimate.compute(ALL.with_(buyer="20005374200014")).rows
    assert {row["year"] for row in buyer_years} >= {2024, 2025, 2026}
    assert [row["above"] for row in buyer_years if row["year"] == 2024] == [False]


def test_segments_sum_their_cpv_prefixes(observatory_store):
    rows = {row["key"]: row for row in purchase_segments.compute(ALL).rows}
    for segment in segments.all_segments():
        members = [r for r in observatory_store if segment.matches(r["cpv"])]
        assert rows[segment.code]["contracts"] == len(members), segment.code
    families = sum(rows[key]["contracts"] for key in ("travaux", "fournitures", "services"))
    assert families + rows[""]["contracts"] == len(observatory_store)


def test_peer_position_tells_how_many_comparable_buyers_do_better(observatory_store):
    result = peer_position.compute(ALL.with_(buyer="21590350100017"))
    social = result.rows[0]
    assert result.data["buyer_kind"] == "Commune"
    assert social["peers"] >= 3
    assert 0 <= social["share_better"] <= 1
    assert social["better"] == round(social["share_better"] * social["peers"])


def test_segments_with_long_cpv_prefixes_find_their_contracts(settings, empty_store):
    """Désamiantage (45262660) belongs to the segment « déconstruction » by its 8-digit prefix."""
    store_builder.build(settings.ANALYTICS_DB_PATH, [
        {"buyer_siret": "21590350100017", "notification_date": "2025-01-02", "cpv": "45262660"},
        {"buyer_siret": "21590350100017", "notification_date": "2025-01-03", "cpv": "45262600"},
    ])  # fmt: skip
    store_query.clear_cache()
    rows = {row["key"]: row for row in purchase_segments.compute(ALL).rows}
    assert rows["deconstruction"]["contracts"] == 1
    assert rows["batiment-rehabilitation"]["contracts"] == 2


STATE = "11000002300017"
TOWN = "21590350100017"
OTHER = "30000000000017"


def _spaser_store(settings):
    def marche(siret, kind, day, amount, departement="59"):
        region = "32" if departement == "59" else "44"
        return {"buyer_siret": siret, "buyer_name": siret, "buyer_kind": kind,
                "notification_date": day, "amount": amount, "cpv": "45000000",
                "departement": departement, "region": region}  # fmt: skip

    store_builder.build(settings.ANALYTICS_DB_PATH, [
        marche(STATE, "etat", "2019-05-02", 113_500_000.0),
        marche(STATE, "etat", "2023-03-02", 60_000_000.0),
        marche(STATE, "etat", "2024-03-02", 60_000_000.0),
        marche(TOWN, "commune", "2019-05-02", 120_000_000.0),
        marche(OTHER, "autre", "2022-05-02", 120_000_000.0),
        # 2025: 30 M€ executed in the Nord, 30 M€ in Moselle: 60 M€ for the year.
        marche(TOWN, "commune", "2025-05-02", 30_000_000.0),
        marche(TOWN, "commune", "2025-06-02", 30_000_000.0, departement="57"),
    ])  # fmt: skip
    store_query.clear_cache()


def test_spaser_state_is_out_of_scope_before_the_industrie_verte_law(settings, empty_store):
    """QA: State services were « au-dessus du seuil » for 2019 (not in scope: docs/SOURCES.md
    §1.2)."""
    _spaser_store(settings)
    rows = {(row["buyer_siret"], row["year"]): row for row in spaser_estimate.compute(ALL).rows}
    assert rows[(STATE, 2019)]["status"].startswith("hors champ")
    assert rows[(STATE, 2019)]["above"] is False
    assert rows[(STATE, 2023)]["status"].startswith("à vérifier")
    assert rows[(STATE, 2024)]["status"] == "au-dessus du seuil"
    assert rows[(TOWN, 2019)]["status"] == "au-dessus du seuil"
    assert rows[(OTHER, 2022)]["status"].startswith("à vérifier")


def test_spaser_yearly_amount_counts_all_the_buyers_marches(settings, empty_store):
    """A place-of-execution filter picks buyers; it must not cut their yearly amount."""
    _spaser_store(settings)
    rows = spaser_estimate.compute(Filters.build(departement="59", years=[2025])).rows
    assert [(row["buyer_siret"], row["amount_eur"]) for row in rows] == [(TOWN, 60_000_000)]
    assert rows[0]["status"] == "au-dessus du seuil"
