"""Personal data is kept only as long as needed; `apure network_purge` applies these rules."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import DeliveryStatus, Notification, Registration, RegistrationStatus, Subscriber


def purge(now=None):
    now = now or timezone.now()
    registrations_before = now - timedelta(days=settings.NETWORK_RETENTION_DAYS)
    unconfirmed_before = now - timedelta(days=settings.NETWORK_UNCONFIRMED_RETENTION_DAYS)
    registrations, _ = Registration.objects.filter(
        event__starts_at__lt=registrations_before
    ).delete()
    # Visitors' registrations never confirmed by e-mail, like unconfirmed subscriptions.
    unconfirmed_registrations, _ = Registration.objects.filter(
        status=RegistrationStatus.PENDING, created_at__lt=unconfirmed_before
    ).delete()
    subscribers, _ = Subscriber.objects.filter(
        confirmed_at=None, consented_at__lt=unconfirmed_before
    ).delete()
    # The outbox holds copies of e-mails sent to members: kept a month, for support questions.
    notifications, _ = (
        Notification.objects.filter(created_at__lt=unconfirmed_before)
        .exclude(status=DeliveryStatus.PENDING)
        .delete()
    )
    return {
        "registrations": registrations,
        "unconfirmed_registrations": unconfirmed_registrations,
        "subscribers": subscribers,
        "notifications": notifications,
    }
