from datetime import date

import pytest

from apure.decp import values as v
from apure.decp.checks import CHECKS, label

TODAY = date(2026, 11, 28)


def test_siret_is_zero_padded_and_luhn_checked():
    assert v.siret("2159016380001 9") == ("21590163800019", True)
    assert v.siret(1590163800019)[0] == "01590163800019"  # lost leading zero re-added
    assert v.siret("21590163800018") == ("21590163800018", False)


def test_all_zero_siret_is_invalid_although_its_luhn_key_passes():
    """QA: « 00000000000000 » was shown as a real buyer, with no quality note."""
    assert v.siret("00000000000000") == ("00000000000000", False)
    assert v.siret("000 000 000 00000")[1] is False


def test_la_poste_sirets_are_valid_despite_luhn():
    # La Poste establishments: the sum of the digits is a multiple of 5, not Luhn.
    from apure.reference.identifiers import luhn_valid

    assert not luhn_valid("35600000000015")
    assert v.siret("35600000000015") == ("35600000000015", True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("45233140-2", ("45233140", None)),
        ("9310000", ("09310000", None)),  # leading zero lost: found in CPV 2008 with it
        ("66516 000", ("66516000", None)),
        ("452331402", ("45233140", None)),  # check digit glued on
        ("452331", (None, "unknown_cpv")),
        ("99999999", ("99999999", "unknown_cpv")),
        ("", (None, "missing_cpv")),
        ("MQ", (None, "missing_cpv")),
    ],
)
def test_cpv_normalisation(raw, expected):
    assert v.cpv(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", (date(2024, 3, 1), None)),
        ("2024-03-01+01:00", (date(2024, 3, 1), None)),
        ("2024-03-01T10:00:00Z", (date(2024, 3, 1), None)),
        ("01/03/2024", (date(2024, 3, 1), None)),
        ("0218-04-29", (None, "invalid_date")),
        ("2024-02-30", (None, "invalid_date")),
        ("2027-01-01", (None, "future_date")),
        ("hier", (None, "invalid_date")),
        (None, (None, "missing")),
    ],
)
def test_dates(raw, expected):
    assert v.parse_date(raw, TODAY) == expected


def test_numbers_given_as_strings():
    assert v.number("30000.00") == 30000.0
    assert v.number("14 700,00") == 14700.0
    assert v.number(12) == 12.0
    assert v.number("NC") is None
    assert v.number("INX 12") == 12.0


def test_absurd_amounts():
    assert v.amount_problem(0.5, "marche") == "low"
    assert v.amount_problem(999999999, "marche") == "filler"
    assert v.amount_problem(1.2345678912e9, "marche") == "filler"
    assert v.amount_problem(5e9, "marche") == "high"
    assert v.amount_problem(125000, "marche") is None


@pytest.mark.parametrize(
    ("raw", "state", "flags"),
    [
        (
            {"considerationSociale": ["Clause sociale", "Critère social"]},
            "yes",
            {"clause", "criterion"},
        ),
        ({"considerationSociale": "Marché réservé"}, "yes", {"reserved"}),
        (["Clause sociale"], "yes", {"clause"}),  # schema 2.0.0 flat list
        ([], "no", set()),  # schema 2.0.0: an empty list says none
        ("Clause sociale, Critère social", "yes", {"clause", "criterion"}),
        ("['Clause sociale']", "yes", {"clause"}),  # MINEF: Python repr
        ("Sans objet", "no", set()),  # decp.info rewrites "Pas de considération"
        ({"considerationSociale": ["Pas de considération sociale"]}, "no", set()),
        ("MQ", "unknown", None),
        ("CDL", "unknown", None),
        (None, "unknown", None),
        ({"considerationSociale": []}, "unknown", None),
    ],
)
def test_social_considerations_from_any_representation(raw, state, flags):
    got_state, got_flags, _problem = v.considerations(raw, "social")
    assert got_state == state
    assert (None if got_flags is None else set(got_flags)) == flags


def test_contradictory_considerations_are_unknown_with_a_note():
    state, flags, problem = v.considerations(
        {"considerationSociale": ["Pas de considération sociale", "Clause sociale"]}, "social"
    )
    assert (state, flags, problem) == ("unknown", None, "contradictory_considerations")


def test_placeholder_ids():
    assert v.contract_id("0000000000000000") == ("0000000000000000", True)
    assert v.contract_id("") == (None, True)
    assert v.contract_id("NC")[1] is True
    assert v.contract_id("Sans objet")[1] is True
    assert v.contract_id("INX 202424 3 001") == ("202424 3 001", False)
    assert v.contract_id(" 2024-12 ") == ("2024-12", False)


def test_every_check_has_a_french_label_and_severity():
    for code, check in CHECKS.items():
        assert check.severity in {"error", "warning", "info"}
        assert label(code) != code


def test_values_of_unexpected_types_do_not_crash():
    assert v.siret({"id": "1"}) == (None, False)
    assert v.cpv(None) == (None, "missing_cpv")
    assert v.parse_date(["2024-01-01"], TODAY) == (None, "missing")
    assert v.number([1]) is None
    assert v.considerations(12, "social")[0] == "unknown"
