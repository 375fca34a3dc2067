"""The estimate at its boundaries, on a tiny store (see conftest.tiny_contracts)."""

import pytest
from django.conf import settings

from apure.carbon import estimate, formatting, reference
from apure.observatory import summary
from apure.observatory.filters import Filters
from tests.observatory import store_builder

from .conftest import BUYER, _reset, marche

BUYER_2024 = Filters.build(buyer=BUYER, region="")
ALL = Filters.build(region="")


def test_amount_times_ratio_with_bounds_coverage_and_euro_year(carbon_store):
    result = estimate.compute(BUYER_2024)
    # 1 000 000 × 245 + 100 000 × 75 + 200 000 × 231, per k€, in tonnes.
    assert result.tco2e == pytest.approx(245 + 7.5 + 46.2)
    assert result.low == pytest.approx(0.2 * result.tco2e)
    assert result.high == pytest.approx(1.8 * result.tco2e)
    # Known factor: 1.3 M€ out of 1.85 M€ of marchés with an amount (cars and no CPV are not).
    assert result.amount_eur == 1_850_000
    assert result.coverage == pytest.approx(1_300_000 / 1_850_000, abs=1e-4)
    assert result.euro_years == [2023]
    assert formatting.bounds_phrase(result) == "≈ 299 tCO2e (entre 60 et 540)"


def test_unknown_factor_is_left_out_never_counted_as_zero(carbon_store):
    lines = {line.sector: line for line in estimate.compute(BUYER_2024).sectors}
    cars = lines["C29"]
    assert cars.amount_eur == 500_000 and cars.kg is None and cars.ratio is None
    assert formatting.ratio_phrase(cars.ratio) == "facteur inconnu"
    assert lines[estimate.NO_SECTOR].amount_eur == 50_000 and lines[""].kg is None
    only_cars = estimate.compute(Filters.build(buyer=BUYER, region="", cpv_division="34"))
    assert only_cars.tco2e is None and only_cars.low is None
    assert only_cars.coverage == 0
    assert "facteur inconnu" in only_cars.reason


def test_longest_cpv_prefix_wins(carbon_store):
    lines = {line.sector: line for line in estimate.compute(BUYER_2024).sectors}
    assert lines["C31_C32"].amount_eur == 200_000  # 3019 (furniture), not 30 (computers)
    assert "C26" not in lines


def test_framework_agreements_are_flagged_as_ceilings(carbon_store):
    result = estimate.compute(BUYER_2024)
    assert result.framework_amount_eur == 100_000
    assert result.framework_tco2e == pytest.approx(7.5)
    assert result.as_json()["framework_agreements"]["note"].startswith("montants maximums")


def test_a_contract_that_does_not_say_is_counted_as_a_spend(carbon_store):
    store_builder.build(
        settings.ANALYTICS_DB_PATH,
        [
            marche(1, "72200000", 100_000, framework_agreement=True),
            marche(2, "72200000", 30_000, framework_agreement=False),
            marche(3, "72200000", 50_000, framework_agreement=None),  # 2022 without technique
        ],
    )
    _reset()
    result = estimate.compute(BUYER_2024)
    assert (result.amount_eur, result.framework_amount_eur) == (180_000, 100_000)


def test_a_store_written_before_the_framework_column_flags_its_2019_natures(carbon_store):
    store_builder.build(
        settings.ANALYTICS_DB_PATH,
        [marche(1, "72200000", 100_000, nature="Accord-cadre"), marche(2, "72200000", 30_000)],
    )
    store_builder.without_columns(settings.ANALYTICS_DB_PATH, "framework_agreement", "techniques")
    _reset()
    assert estimate.compute(BUYER_2024).framework_amount_eur == 100_000


def test_excluded_amounts_concessions_and_test_records_are_never_summed(carbon_store):
    result = estimate.compute(BUYER_2024)
    # The implausible amount (kept only in amount_published) is counted as a marché without
    # an amount; the concession and the vendor's test record are not marchés of the view.
    assert result.marches == 6
    assert result.marches_without_amount == 1
    assert result.amount_eur == 1_850_000


def test_no_store_no_estimate(empty_store):
    assert estimate.compute(ALL) is None
    assert formatting.bounds_phrase(None).startswith("estimation impossible")


def test_a_year_uses_the_ratio_of_its_euro_year_when_imported(carbon_store):
    works_2019 = reference.Ratio("F41_F43", "Construction", 300.0, 2019, "I", 50.0, "test")
    reference.write_imported([works_2019], {"file": "test.csv"})
    result = estimate.compute(ALL.with_(cpv_division="45"))
    # 2019 contract (other buyer): 400 000 × 300; 2024 contract: 1 000 000 × 245 (2023).
    assert result.tco2e == pytest.approx(120 + 245)
    assert result.euro_years == [2019, 2023]
    # The imported ratio keeps its own uncertainty (50 %), the shipped one 80 %.
    assert result.low == pytest.approx(120 * 0.5 + 245 * 0.2)


def test_shipped_reference_data_is_consistent():
    ratios = reference.shipped_ratios()
    sectors = {ratio.sector for ratio in ratios}
    assert len(ratios) == len(sectors) == 63
    assert {sector for _, sector in reference.mapping()} <= sectors
    for ratio in ratios:
        assert ratio.status in ("V", "S", "U")
        # A sector missing from the public sources has no value: never 0.
        assert (ratio.kg_per_keur is None) == (ratio.status == "U")
        assert ratio.kg_per_keur is None or ratio.kg_per_keur > 0
    assert next(r for r in ratios if r.sector == "C29").kg_per_keur is None


def test_the_query_is_one_scan_grouped_before_the_join(carbon_store):
    text, params = estimate.sql(ALL)
    assert text.count("FROM contracts") == 1
    assert "GROUP BY ALL" in text and "?" in text  # values are bound, not in the text


def test_amounts_are_those_the_observatory_sums(observatory_store):
    """Same amount rule as the observatory's totals: marchés, amounts it retains."""
    for filters in (ALL, Filters.build(), Filters.build(region="", years=(2025,))):
        headline = summary.compute(filters)
        result = estimate.compute(filters)
        assert result.amount_eur == pytest.approx(headline["amount_eur"])
        assert result.marches == headline["marches"]
