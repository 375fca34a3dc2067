"""Finding the commune a person typed: its INSEE code, its postcode or its exact name.

One lookup and one error message for every page that asks for a commune (réemploi, directory
of suppliers, recommender), so that « 59350 », « Lille » and « lille » mean the same
everywhere. The form field lives here too: web apps import it from the domain, not from
each other.
"""

from django import forms
from django.core.exceptions import ValidationError

from apure.search.text import fold

from .models import Commune

# How to write a commune so that it is found: the form error and the recommender both say it.
HOW_TO_NAME = "indiquez son code INSEE ou son code postal (5 chiffres), ou son nom exact"
UNKNOWN_COMMUNE = f"Commune introuvable\u00a0: {HOW_TO_NAME}."
HELP_TEXT = "Code INSEE, code postal ou nom exact de la commune (ex. 59350 ou Lille)."
# The distances offered from a commune (réemploi lots, suppliers).
RADIUS_CHOICES = [
    ("", "Toute distance"),
    ("10", "10 km"),
    ("30", "30 km"),
    ("50", "50 km"),
    ("100", "100 km"),
]


def find_commune(text: str) -> Commune | None:
    """A commune from its INSEE code, its postcode or its exact name (case and accents aside);
    None when unknown or ambiguous (a postcode or a name shared by several communes)."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 5:
        by_code = Commune.objects.filter(code=text).first()
        if by_code:
            return by_code
        by_postcode = list(Commune.objects.filter(postcodes__contains=text)[:2])
        return by_postcode[0] if len(by_postcode) == 1 else None
    named = list(Commune.objects.filter(name__iexact=text)[:2])
    if not named:
        named = [
            commune
            for commune in Commune.objects.filter(name__icontains=text.split(" ")[0])[:50]
            if fold(commune.name) == fold(text)
        ]
    return named[0] if len(named) == 1 else None


class CommuneField(forms.CharField):
    """A commune typed as text, cleaned to a `Commune` (None when left empty)."""

    default_error_messages = {"unknown": UNKNOWN_COMMUNE}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.code
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        commune = find_commune(text)
        if commune is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return commune
