import pytest

from apure.reference.identifiers import clean_digits, is_valid_siren, is_valid_siret


@pytest.mark.parametrize(
    "value,valid",
    [
        ("200053742", True),  # Région Hauts-de-France
        ("215903501", True),  # Ville de Lille
        ("215903502", False),
        ("21590350", False),
    ],
)
def test_siren_check_digit(value, valid):
    assert is_valid_siren(value) is valid


def test_siret_luhn_and_la_poste_exception():
    assert is_valid_siret("21590350100017")
    assert not is_valid_siret("21590350100018")
    # La Poste: digits sum to a multiple of 5, the Luhn rule does not apply.
    assert is_valid_siret("35600000000010")
    assert not is_valid_siret("35600000000011")


def test_clean_digits_restores_leading_zeros_lost_by_spreadsheets():
    assert clean_digits("2 1590 3501", 9) == "215903501"
    assert clean_digits(1234567, 9) == "001234567"
