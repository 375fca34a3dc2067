"""Facilitators keep the impact factors up to date here (dated: add a new row with its own
`valid_from` and close the old one with `valid_to`, so that past hand-overs keep their value).
Lots are not editable in the admin: only their own body manages them, on the site."""

from django.contrib import admin

from .models import ImpactFactor


@admin.register(ImpactFactor)
class ImpactFactorAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "category",
        "kgco2e",
        "basis",
        "uncertainty_pct",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["category", "basis"]
    search_fields = ["label", "source", "source_reference"]
