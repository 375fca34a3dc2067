from django import forms
from django.contrib import admin
from django.db import models

from . import registrations
from .event_form import EventFormMixin
from .models import (
    Delivery,
    DirectoryListing,
    DocumentVersion,
    Event,
    GroupDocument,
    Issue,
    News,
    Notification,
    Registration,
    Reply,
    Resource,
    Subscriber,
    Thread,
    WorkingGroup,
)
from .uploads import CheckedUploadsMixin


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "position"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["members"]


class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author_organisation", "is_example"]
    list_filter = ["status", "themes", "is_example"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    raw_id_fields = ["proposed_by", "reviewed_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class CheckedUploadsForm(CheckedUploadsMixin, forms.ModelForm):
    """The admin checks uploads like the site does: a facilitator's file is no exception."""


@admin.register(News)
class NewsAdmin(PublicationAdmin):
    form = CheckedUploadsForm


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organisation_name", "status", "created_at"]


class EventAdminForm(EventFormMixin, forms.ModelForm):
    """The admin checks an event like the site does (places, bounds of dates and capacity)."""


@admin.register(Event)
class EventAdmin(PublicationAdmin):
    form = EventAdminForm
    list_display = ["title", "starts_at", "place", "capacity", "status"]
    inlines = [RegistrationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # As on the site: places added here go to the people waiting, who are told by e-mail
        # once the admin's transaction (around the whole save) commits.
        registrations.fill_free_places(form.instance)


@admin.register(Resource)
class ResourceAdmin(PublicationAdmin):
    form = CheckedUploadsForm
    readonly_fields = ["file_format"]  # read from the uploaded bytes, never typed
    list_display = ["title", "kind", "territory", "status", "published_at"]
    list_filter = ["status", "kind", "territory", "themes"]
    raw_id_fields = ["proposed_by", "reviewed_by", "segments", "event"]
    filter_horizontal = ["themes"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "consented_at", "confirmed_at"]
    search_fields = ["email"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["subscriber", "status", "attempts", "error", "sent_at"]
    can_delete = False


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "created_at", "sent_at"]
    filter_horizontal = ["news", "events", "resources"]
    inlines = [DeliveryInline]


# Working-group workspaces: facilitators can moderate (edit or delete) what members wrote.
class ReplyInline(admin.StackedInline):
    model = Reply
    extra = 0
    fields = ["author", "body", "created_at"]
    raw_id_fields = ["author"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "author", "created_at", "made_public_at"]
    list_filter = ["group"]
    search_fields = ["title"]
    raw_id_fields = ["author", "best_reply", "made_public_by"]
    readonly_fields = ["edited_at", "edited_by"]  # set by the site's edit form only
    filter_horizontal = ["segments", "themes"]
    inlines = [ReplyInline]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "file_format", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields  # versions are uploaded on the site, where their bytes are checked


@admin.register(GroupDocument)
class GroupDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "kind", "visibility", "created_at"]
    list_filter = ["group", "kind", "visibility"]
    raw_id_fields = ["created_by", "event"]
    inlines = [DocumentVersionInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [field.name for field in Notification._meta.fields]


@admin.register(DirectoryListing)
class DirectoryListingAdmin(admin.ModelAdmin):
    list_display = ["user", "consented_at"]
    raw_id_fields = ["user"]
    filter_horizontal = ["segments"]
