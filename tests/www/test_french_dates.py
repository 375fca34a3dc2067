from datetime import UTC, date, datetime

from apure.www.pages.templatetags.french import date_fr


def test_the_first_of_a_month_is_written_as_an_ordinal():
    assert date_fr(date(2024, 7, 1)) == "1er juillet 2024"
    assert date_fr(date(2026, 8, 22)) == "22 août 2026"


def test_a_moment_is_dated_in_paris_time():
    # 23:30 UTC on 31 December is already 1 January in Paris.
    assert date_fr(datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == "1er janvier 2026"
