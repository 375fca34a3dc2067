"""Personal data is kept only as long as needed; `apure network_purge` applies these rules."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Registration, Subscriber


def purge(now=None):
    now = now or timezone.now()
    registrations_before = now - timedelta(days=settings.NETWORK_RETENTION_DAYS)
    unconfirmed_before = now - timedelta(days=settings.NETWORK_UNCONFIRMED_RETENTION_DAYS)
    registrations, _ = Registration.objects.filter(
        event__starts_at__lt=registrations_before
    ).delete()
    subscribers, _ = Subscriber.objects.filter(
        confirmed_at=None, consented_at__lt=unconfirmed_before
    ).delete()
    return {"registrations": registrations, "subscribers": subscribers}
