import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apure.network.models import Registration, Subscriber

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

    call_command("network_purge", "--json")

    assert json.loads(capsys.readouterr().out) == {"registrations": 1, "subscribers": 1}
    assert list(Registration.objects.all()) == [recent]
    assert set(Subscriber.objects.all()) == {fresh, confirmed}
    assert not Registration.objects.filter(pk=old.pk).exists()
    assert not Subscriber.objects.filter(pk=stale.pk).exists()


def test_purge_prints_a_french_summary(capsys, db):
    call_command("network_purge")
    assert "0 inscription(s)" in capsys.readouterr().out
