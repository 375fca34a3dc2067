"""SIREN and SIRET numbers: normalisation and check-digit validation."""

import re

# La Poste's establishments do not follow the Luhn rule: INSEE validates them by the sum of
# their digits being a multiple of 5.
LA_POSTE_SIREN = "356000000"
_NON_DIGITS = re.compile(r"\D")


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
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
