"""Form fields shared by the site's forms (and by the commands that validate with them)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError

# Spaces written between thousands: typed, or copied from a French document or spreadsheet
# (non-breaking, narrow non-breaking, thin).
THOUSANDS_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
# Digits with at most one decimal separator once the spaces are gone. Exponents, « nan » and
# « inf » never match: Decimal would take them, a form must not.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def parse_french_number(text: str) -> Decimal | None:
    """« 1 200 000 », « 1 200 000,50 » or « 1200000.5 » as a Decimal; None if not a number.

    Only one separator is allowed: « 1.200.000 » or « 1,200.50 » could mean two things.
    """
    compact = text.strip()
    for space in THOUSANDS_SPACES:
        compact = compact.replace(space, "")
    if not _PLAIN_NUMBER.fullmatch(compact):
        return None
    return Decimal(compact.replace(",", "."))


def without_trailing_zeros(value: Decimal) -> Decimal:
    """The same number without zeros after its last significant decimal: 5.00 → 5, 12.50 → 12.5.

    « 5,00 » is not more precise than « 5 »: it must not break a limit on decimal places.
    """
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation:  # more digits than Decimal keeps: the digit limit will say so
        return value


def _plain_text(value) -> str:
    """A number given by code (Decimal, int, float) written out without exponent: 3E+1 → 30."""
    try:
        return f"{Decimal(str(value)):f}"
    except (InvalidOperation, ValueError):
        return str(value)


class FrenchDecimalField(forms.DecimalField):
    """A decimal number as French people type it, with French messages.

    A text input rather than type="number": browsers refuse spaces and, depending on their
    language, the decimal comma in a number input. Values are shown back with a comma.
    An `initial` value must fit the field's own limits (checked when the form is declared),
    so that a form submitted as first shown is always valid.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": "Saisissez un nombre, par exemple 1 200 000 ou 12,5.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)  # show a Decimal back as « 12,5 »
        super().__init__(**kwargs)
        if self.initial is not None and not callable(self.initial):
            self.initial = self._checked_initial(self.initial)

    def _checked_initial(self, value) -> Decimal:
        try:
            return self.clean(value)
        except ValidationError as error:
            raise ImproperlyConfigured(
                f"Initial value {value!r} does not fit its field: {' '.join(error.messages)}"
            ) from error

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_french_number(value if isinstance(value, str) else _plain_text(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return without_trailing_zeros(number)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A numeric keyboard on phones, which still lets the comma through.
        attrs.setdefault("inputmode", "decimal")
        return attrs
