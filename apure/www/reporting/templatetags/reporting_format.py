"""French values of the yearly duties' pages (apure.reporting.formatting does the writing)."""

from django import template

from apure.reporting import formatting

register = template.Library()


@register.filter
def measure(value, unit):
    return formatting.measure(value, unit)


@register.filter
def percent(value):
    return formatting.measure(value, "pourcent")


@register.filter
def euros(value):
    return formatting.euros(value)


@register.filter
def share(fraction):
    return formatting.share(fraction)
