from django.contrib import admin

from .models import Facilitator, SupportRequest


@admin.register(Facilitator)
class FacilitatorAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "theme", "departements", "is_example"]
    list_filter = ["theme"]
    search_fields = ["name", "structure"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["subject", "facilitator", "requester", "status", "created_at"]
    list_filter = ["status"]
