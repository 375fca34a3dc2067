from datetime import date

from apure.observatory import reference, segments


def test_spaser_threshold_changed_on_1_january_2023():
    assert reference.in_force("spaser_threshold", date(2022, 12, 31)).value == 100_000_000
    assert reference.in_force("spaser_threshold", date(2023, 1, 1)).value == 50_000_000


def test_eu_thresholds_follow_their_two_year_periods():
    assert reference.in_force("eu_threshold_works", date(2026, 9, 1)).value == 5_404_000
    assert reference.in_force("eu_threshold_works", date(2025, 9, 1)).value == 5_538_000
    other = reference.in_force("eu_threshold_supplies_services_other", date(2026, 9, 1))
    assert other.value == 216_000


def test_every_value_is_sourced_and_none_is_uncertain():
    for value in reference.all_values():
        assert value.legal_reference and value.source
        assert value.status in {"V", "S"}, value.code


def test_climate_resilience_dates():
    assert reference.latest("climate_resilience_law_date").as_date == date(2026, 8, 22)
    assert reference.latest("climate_resilience_decree_date").as_date == date(2026, 8, 21)


def test_segments_match_cpv_prefixes():
    assert segments.get("restauration-collective").matches("15800000")
    assert segments.get("travaux").matches("45210000")
    assert not segments.get("travaux").matches(None)
    families = segments.families()
    for division in ("03", "15", "30", "45", "72", "90"):
        assert sum(family.matches(division + "000000") for family in families) == 1
