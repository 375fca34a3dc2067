from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from apure.reference import legal

register = template.Library()


@register.filter
def date_fr(value) -> str:
    """« 1er juillet 2024 », « 22 août 2026 »: the date as written in French (the first day
    of a month is an ordinal, which Django's date filter cannot say)."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y')}"


def is_plural(value) -> bool:
    """French rule: 0 and 1 take the singular (« 0 contrat », « 1 contrat », « 2 contrats »)."""
    try:
        return abs(float(value)) >= 2
    except (TypeError, ValueError):
        return False


@register.filter
def pluriel(value, suffixes="s"):
    """Django's `pluralize` with the French rule: « 0 réservé », « 1 réservé », « 2 réservés ».

    `suffixes` is « pluriel » or « singulier,pluriel », as for `pluralize`.
    """
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    if not isinstance(value, int | float | str) and hasattr(value, "__len__"):
        value = len(value)
    return plural if is_plural(value) else singular


@register.simple_tag
def legal_amount(key) -> str:
    """« 40 000 € HT »: the amount in force today of a dated legal value (apure/reference),
    so that a page never writes a threshold by hand."""
    return f"{legal.latest(key).value:,} € HT".replace(",", "\N{NO-BREAK SPACE}")
