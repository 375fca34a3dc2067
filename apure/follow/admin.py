from django.contrib import admin

from .models import DigestRun, ErrorReport, Follow, Mail


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "user", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("user",)


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ("pk", "uid", "topic", "status", "created_at")
    list_filter = ("status", "topic")
    raw_id_fields = ("reporter", "closed_by")


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ("run_id", "baseline", "new_contracts", "digests", "queued_at")


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ("key", "kind", "status", "created_at", "sent_at")
    list_filter = ("kind", "status")
    readonly_fields = ("user",)
