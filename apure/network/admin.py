from django import forms
from django.contrib import admin
from django.db import models

from . import registrations
from .models import Delivery, Event, Issue, News, Registration, Resource, Subscriber, WorkingGroup
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


class EventAdminForm(forms.ModelForm):
    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if error := registrations.capacity_error(self.instance, capacity):
            raise forms.ValidationError(error)
        return capacity


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
