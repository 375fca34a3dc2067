from django.contrib import admin

from .models import Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "kinds", "departement", "source_date"]
    list_filter = ["departement"]
    search_fields = ["name", "siret"]
    readonly_fields = ["siren", "updated_at", "updated_by"]
