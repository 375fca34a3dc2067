"""The estimate at its boundaries, on a tiny store (see conftest.tiny_contracts)."""

import pytest
from django.conf import settings

from apure.carbon import estimate, formatting, reference
from apure.observatory import summary
from apure.observatory.filters import Filters
from tests.observatory import store_builder

from .conftest import BUYER, OTHER, _reset, marche

BUYER_2024 = Filters.build(buyer=BUYER, region="")
ALL = Filters.build(region="")


def test_amount_times_ratio_with_bounds_coverage_and_euro_year(carbon_store):
    result = estimate.compute(BUYER_2024)
    # 1 000 000 × 245 + 200 000 × 231, per k€, in tonnes; the framework agreement's ceiling
    # (100 000 × 75 = 7.5 t) is in the high bound only.
    assert result.tco2e == pytest.approx(245 + 46.2)
    assert result.low == pytest.approx(0.2 * (245 + 46.2))
    assert result.high == pytest.approx(1.8 * (245 + 46.2 + 7.5))
    # Coverage of the central value: 1.2 M€ with a ratio out of the 1.75 M€ of marchés with an
    # amount that are not framework agreements (cars and no CPV have no ratio).
    assert result.amount_eur == 1_850_000
    assert result.coverage == pytest.approx(1_200_000 / 1_750_000, abs=1e-4)
    assert result.euro_years == [2023]
    assert formatting.bounds_phrase(result) == (
        "≈ 291 tCO2e (entre 58 et 540, accords-cadres dans la borne haute seulement)"
    )


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


def test_framework_agreements_are_ceilings_given_apart(carbon_store):
    result = estimate.compute(BUYER_2024)
    assert result.framework_amount_eur == 100_000
    assert result.framework_tco2e == pytest.approx(7.5)
    framework = result.as_json()["framework_agreements"]
    assert framework["counted_in"] == ["high"]
    assert framework["note"].startswith("montants maximums")
    it = next(line for line in result.sectors if line.sector == "J62_J63")
    assert (it.kg, it.kg_low, it.framework_kg) == (0, 0, pytest.approx(7500))
    assert it.kg_high == pytest.approx(7500 * 1.8)
    assert formatting.framework_sentence(result) == (
        "Accords-cadres\u00a0: 100\u202f000\u202f€ HT de montants maximums, des plafonds et non "
        "des dépenses\u00a0: ils ne sont comptés ni dans la valeur centrale ni dans la borne "
        "basse, seulement dans la borne haute\u00a0; à leur maximum, ils ajouteraient 7,5 tCO2e "
        "à la valeur centrale."
    )


def _works(number, amount, year=2024, **values):
    return marche(number, "45210000", amount, notification_date=f"{year}-03-01", **values)


def framework_and_its_subsequent_contracts():
    """One buyer, works (245 kgCO2e/k€): a 2019-format framework agreement with a ceiling of
    1 000 000 €, two of its subsequent contracts published as such (300 000 + 200 000 €), an
    ordinary marché (100 000 €); and a 2022-format framework agreement (400 000 €) with a
    subsequent contract that carries the technique « Accord-cadre » too (150 000 €): the store
    cannot tell them apart."""
    return [
        _works(1, 1_000_000, nature="Accord-cadre", framework_agreement=True),
        _works(2, 300_000, nature="Marché subséquent", framework_agreement=False),
        _works(3, 200_000, nature="Marché subséquent", framework_agreement=False),
        _works(4, 100_000, nature="Marché", framework_agreement=False),
        _works(5, 400_000, framework_agreement=True, techniques=["Accord-cadre"]),
        _works(6, 150_000, framework_agreement=True, techniques=["Accord-cadre"]),
    ]


@pytest.fixture
def framework_store(carbon_store):
    store_builder.build(settings.ANALYTICS_DB_PATH, framework_and_its_subsequent_contracts())
    _reset()


def test_a_framework_agreement_and_its_subsequent_contracts_never_count_twice(framework_store):
    result = estimate.compute(BUYER_2024)
    # Central value: the spends, each once (300 000 + 200 000 + 100 000 €), not the ceilings:
    # before this rule it counted 2 150 000 €, the 500 000 € of subsequent contracts twice.
    assert result.tco2e == pytest.approx(600 * 0.245)
    assert result.low == pytest.approx(600 * 0.245 * 0.2)
    # High bound: every amount at ratio + 80 %, the ceilings whole (a wide bound, said so).
    assert result.high == pytest.approx(2_150 * 0.245 * 1.8)
    assert result.framework_amount_eur == 1_550_000
    assert result.framework_tco2e == pytest.approx(1_550 * 0.245)
    assert result.subsequent_amount_eur == 500_000
    assert result.firm_amount_eur + result.framework_amount_eur == result.amount_eur
    data = result.as_json()
    assert data["central_amount_eur"] == 600_000
    assert data["subsequent_contracts"]["counted_in"] == ["value", "low", "high"]
    assert "à vérifier" in data["subsequent_contracts"]["note"]


def test_a_view_of_framework_agreements_only_has_no_central_value_and_says_why(
    carbon_store,
):
    # Ceilings are not spends: no « ≈ 0 tCO2e » on a « 100 % » coverage, but the high bound
    # alone, with the reason.
    ceilings = [
        row for row in framework_and_its_subsequent_contracts() if row.get("framework_agreement")
    ]
    store_builder.build(settings.ANALYTICS_DB_PATH, ceilings)
    _reset()
    result = estimate.compute(BUYER_2024)
    assert result.has_value and not result.has_central
    assert result.tco2e is None and result.low is None and result.coverage is None
    assert result.high == pytest.approx(1_550 * 0.245 * 1.8)
    assert "accords-cadres" in result.reason
    assert formatting.bounds_phrase(result) == (
        "pas d'estimation centrale : les seuls marchés de cette vue avec un ratio connu sont "
        "des accords-cadres, dont les montants maximums sont des plafonds et non des dépenses ; "
        "à leur maximum, au plus 680 tCO2e"
    ).replace(" : ", "\u00a0: ").replace(" ; ", "\u00a0; ")
    assert formatting.coverage_sentence(result) == (
        "Couverture\u00a0: sans objet, tous les marchés de cette vue sont des accords-cadres."
    )
    data = result.as_json()
    assert data["value"] is None and data["high"] and data["reason"] == result.reason


def test_a_body_of_several_sirets_keeps_the_rule(framework_store):
    """merge() (the SPASER report adds a body's SIRETs up) gives what one view would."""
    rows = framework_and_its_subsequent_contracts()
    rows[0]["buyer_siret"] = rows[4]["buyer_siret"] = OTHER
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    _reset()
    both = estimate.merge(
        estimate.compute(Filters.build(buyer=siret, region="")) for siret in (BUYER, OTHER)
    )
    whole = estimate.compute(ALL)
    for name in (*estimate.SUMMED, "tco2e", "low", "high", "framework_tco2e"):
        assert getattr(both, name) == pytest.approx(getattr(whole, name)), name
    assert both.tco2e == pytest.approx(600 * 0.245)
    works = next(line for line in both.sectors if line.sector == "F41_F43")
    assert works.kg == pytest.approx(600 * 245) and works.framework_kg == pytest.approx(1_550 * 245)


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


def _reconcile(filters):
    headline = summary.compute(filters)
    result = estimate.compute(filters)
    assert result.amount_eur == pytest.approx(headline["amount_eur"])
    assert result.marches == headline["marches"]
    # Each euro the observatory sums is in exactly one part: the central value's marchés or
    # the framework agreements' ceilings (high bound only).
    assert result.firm_amount_eur + result.framework_amount_eur == pytest.approx(
        headline["amount_eur"]
    )
    return result


def test_amounts_are_those_the_observatory_sums(observatory_store):
    """Same amount rule as the observatory's totals: marchés, amounts it retains."""
    for filters in (ALL, Filters.build(), Filters.build(region="", years=(2025,))):
        _reconcile(filters)


def test_amounts_reconcile_with_framework_agreements_in_the_view(framework_store):
    result = _reconcile(ALL)
    assert (result.firm_amount_eur, result.framework_amount_eur) == (600_000, 1_550_000)
