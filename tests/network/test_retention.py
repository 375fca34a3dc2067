import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apure.network.models import Registration, RegistrationStatus, Subscriber

from .factories import EventFactory, RegistrationFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_purge_deletes_old_registrations_and_stale_unconfirmed_subscriptions(settings, capsys):
    settings.NETWORK_RETENTION_DAYS = 365
    settings.NETWORK_UNCONFIRMED_RETENTION_DAYS = 30
    now = timezone.now()
    old = RegistrationFactory(event=EventFactory(starts_at=now - timedelta(days=400)))
    recent = RegistrationFactory(event=EventFactory(starts_at=now - timedelta(days=100)))
    stale = SubscriberFactory(confirmed_at=None, consented_at=now - timedelta(days=31))
    fresh = SubscriberFactory(confirmed_at=None, consented_at=now - timedelta(days=2))
    confirmed = SubscriberFactory(consented_at=now - timedelta(days=900))
    upcoming = EventFactory(starts_at=now + timedelta(days=60))
    never_confirmed = RegistrationFactory(
        event=upcoming, status=RegistrationStatus.PENDING, created_at=now - timedelta(days=31)
    )
    awaiting = RegistrationFactory(
        event=upcoming, status=RegistrationStatus.PENDING, created_at=now - timedelta(days=2)
    )

    call_command("network_purge", "--json")

    assert json.loads(capsys.readouterr().out) == {
        "registrations": 1,
        "unconfirmed_registrations": 1,
        "subscribers": 1,
        "notifications": 0,
    }
    assert set(Registration.objects.all()) == {recent, awaiting}
    assert not Registration.objects.filter(pk=never_confirmed.pk).exists()
    assert set(Subscriber.objects.all()) == {fresh, confirmed}
    assert not Registration.objects.filter(pk=old.pk).exists()
    assert not Subscriber.objects.filter(pk=stale.pk).exists()


def test_purge_prints_a_french_summary(capsys, db):
    call_command("network_purge")
    assert "0 inscription(s)" in capsys.readouterr().out


def test_purge_deletes_old_sent_notifications_but_never_unsent_ones(settings):
    from apure.network.models import DeliveryStatus, Notification
    from tests.factories import UserFactory

    settings.NETWORK_UNCONFIRMED_RETENTION_DAYS = 30
    member = UserFactory()
    old = timezone.now() - timedelta(days=31)

    def outbox_row(key, status, created_at):
        return Notification.objects.create(
            key=key, recipient=member, kind="replies", subject="s", body="b",
            status=status, created_at=created_at,
        )  # fmt: skip

    outbox_row("old-sent", DeliveryStatus.SENT, old)
    waiting = outbox_row("old-pending", DeliveryStatus.PENDING, old)
    recent = outbox_row("recent-sent", DeliveryStatus.SENT, timezone.now())
    call_command("network_purge")
    assert set(Notification.objects.all()) == {waiting, recent}
