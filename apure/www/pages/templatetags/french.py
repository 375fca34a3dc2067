from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

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
