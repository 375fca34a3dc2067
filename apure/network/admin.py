from django.contrib import admin

from .models import Delivery, Event, Issue, News, Registration, Resource, Subscriber, WorkingGroup


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


@admin.register(News)
class NewsAdmin(PublicationAdmin):
    pass


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organisation_name", "status", "created_at"]


@admin.register(Event)
class EventAdmin(PublicationAdmin):
    list_display = ["title", "starts_at", "place", "capacity", "status"]
    inlines = [RegistrationInline]


@admin.register(Resource)
class ResourceAdmin(PublicationAdmin):
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
