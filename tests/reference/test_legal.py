"""The one table of dated legal values: complete, sourced, in date order, and read by both the
obligation rules and the observatory."""

from datetime import date

import pytest

from apure.observatory import indicators
from apure.reference import legal


def test_every_value_has_a_reference_a_source_and_a_certainty():
    for key, periods in legal.table().items():
        for period in periods:
            assert period.reference and period.source, key
            assert period.certainty in {"V", "S", "U"}, key


def test_periods_of_a_value_do_not_overlap():
    for key, periods in legal.table().items():
        for earlier, later in zip(periods, periods[1:], strict=False):
            assert earlier.valid_to is not None and later.valid_from is not None, key
            assert earlier.valid_to < later.valid_from, key


def test_an_unknown_key_fails_rather_than_reading_nothing():
    with pytest.raises(KeyError):
        legal.value("seuil_invente", date(2026, 1, 1))


def test_spaser_threshold_changed_on_1_january_2023():
    assert legal.value("spaser_threshold", date(2022, 12, 31)).value == 100_000_000
    assert legal.value("spaser_threshold", date(2023, 1, 1)).value == 50_000_000


def test_eu_thresholds_follow_their_two_year_periods():
    assert legal.value("eu_threshold_works", date(2025, 12, 31)).value == 5_538_000
    assert legal.value("eu_threshold_works", date(2026, 1, 1)).value == 5_404_000
    other = legal.value("eu_threshold_supplies_services_other", date(2026, 9, 1))
    assert other.value == 216_000
    assert legal.value("eu_threshold_works", date(2028, 1, 1)) is None  # not yet published


def test_climate_resilience_dates():
    assert legal.latest("climat_resilience_law_rules").as_date == date(2026, 8, 22)
    assert legal.latest("climat_resilience_decree_rules").as_date == date(2026, 8, 21)


def test_the_observatory_reads_labelled_values_none_uncertain():
    """Its method page lists them with their label, and an indicator never counts on a [U]."""
    values = indicators.reference_values()
    keys = {value.key for value in values}
    assert {"spaser_threshold", "eu_threshold_works", "pnad_social_target"} <= keys
    for value in values:
        assert value.label, value.key
        assert value.certainty in {"V", "S"}, value.key
