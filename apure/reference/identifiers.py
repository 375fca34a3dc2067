"""SIREN and SIRET numbers: normalisation and check-digit validation."""

import re

# La Poste's establishments do not follow the Luhn rule: INSEE validates them by the sum of
# their digits being a multiple of 5.
LA_POSTE_SIREN = "356000000"
_NON_DIGITS = re.compile(r"\D")


# Digit values for the Luhn sum, by position parity from the right (odd positions doubled).
# Lookups instead of arithmetic per digit: the DECP import checks millions of SIRETs.
_PLAIN = {str(d): d for d in range(10)}
_DOUBLED = {str(d): (2 * d if d < 5 else 2 * d - 9) for d in range(10)}


def luhn_valid(number: str) -> bool:
    if not number.isdigit() or not number.isascii():
        return False
    reversed_digits = number[::-1]
    total = sum(map(_PLAIN.__getitem__, reversed_digits[0::2])) + sum(
        map(_DOUBLED.__getitem__, reversed_digits[1::2])
    )
    return total % 10 == 0


def clean_digits(value, length: int) -> str:
    """Strip spaces and punctuation, re-add leading zeros lost by spreadsheets."""
    digits = _NON_DIGITS.sub("", str(value or ""))
    if digits and len(digits) < length:
        digits = digits.zfill(length)
    return digits


def is_valid_siren(value: str) -> bool:
    return len(value) == 9 and luhn_valid(value)


def is_valid_siret(value: str) -> bool:
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in value) % 5 == 0
    return luhn_valid(value)
