"""Admin of the clause library, with the review workflow draft → submitted → published.

Anyone with the change permission edits and submits; only facilitators publish. An edit by a
person marks the clause as edited locally (the library loader then leaves it alone), records a
revision and, when the editor is not a facilitator, sends a published clause back to draft.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models

from apure.www.pages.fields import FrenchDecimalField

from .models import Clause, ClauseRevision, Segment, Status, Theme

# Shares and amounts typed as in French: « 0,45 », « 40 000 ».
FRENCH_NUMBERS = {models.DecimalField: {"form_class": FrenchDecimalField}}


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    formfield_overrides = FRENCH_NUMBERS
    list_display = ["label", "code", "nature", "labour_share"]
    list_filter = ["nature"]
    search_fields = ["label", "code"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "position"]


class RevisionInline(admin.TabularInline):
    model = ClauseRevision
    fields = ["created_at", "author", "status", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Historique des versions"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    formfield_overrides = FRENCH_NUMBERS
    list_display = ["title", "kind", "status", "difficulty", "edited_locally", "updated_at"]
    list_filter = ["status", "kind", "difficulty", "themes", "segments", "edited_locally"]
    search_fields = ["title", "slug", "text"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["segments", "themes"]
    readonly_fields = ["status", "published_at", "edited_locally", "created_at", "updated_at"]
    inlines = [RevisionInline]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "text", "weighting_advice"]}),
        ("Vérification et droit", {"fields": ["verification", "legal_basis", "vigilance"]}),
        ("Classement", {"fields": ["segments", "themes", "difficulty", "min_amount"]}),
        (
            "Relecture",
            {"fields": ["status", "published_at", "edited_locally", "created_at", "updated_at"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        obj.edited_locally = True
        if not request.user.is_facilitator and obj.status != Status.DRAFT:
            obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        clause = form.instance
        clause.record_revision(request.user, "Modifiée" if change else "Créée")

    @admin.action(description="Soumettre à relecture")
    def submit_selected(self, request, queryset):
        done = sum(clause.submit(request.user) for clause in queryset)
        self.message_user(request, f"{done} clause(s) soumise(s) à relecture.")

    @admin.action(description="Publier (animateurs)")
    def publish_selected(self, request, queryset):
        try:
            done = sum(clause.publish(request.user) for clause in queryset)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"{done} clause(s) publiée(s).")

    @admin.action(description="Repasser en brouillon")
    def unpublish_selected(self, request, queryset):
        try:
            done = sum(clause.unpublish(request.user) for clause in queryset)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"{done} clause(s) repassée(s) en brouillon.")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_facilitator:
            actions.pop("publish_selected", None)
        return actions
