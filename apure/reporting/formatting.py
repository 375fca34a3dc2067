"""French writing of the reports' values (web pages, PDF and command share it)."""

from decimal import Decimal

from .models import Unit

NARROW_SPACE = "\u202f"
UNKNOWN = "n.d."


def number(value, digits=0) -> str:
    text = f"{Decimal(value):,.{digits}f}"
    return text.replace(",", NARROW_SPACE).replace(".", ",")


def measure(value, unit) -> str:
    """« 42,5 % », « 1 200 heures d'insertion », « n.d. » when unknown."""
    if value is None:
        return UNKNOWN
    if unit == Unit.PERCENT:
        return f"{number(value, 1)}{NARROW_SPACE}%"
    digits = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
    return f"{number(value, digits)} {Unit(unit).label}"


def euros(value) -> str:
    return UNKNOWN if value is None else f"{number(value)}{NARROW_SPACE}€"


def share(fraction) -> str:
    """A share given as a fraction (0.42) in percent, as the observatory gives coverages."""
    return UNKNOWN if fraction is None else f"{number(Decimal(str(fraction)) * 100)}{NARROW_SPACE}%"
