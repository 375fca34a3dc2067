"""The person waiting knows their place in the queue; the confirmation carries the event."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from apure.network.models import RegistrationStatus
from tests.factories import UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register_member(user, event):
    client = Client()
    client.force_login(user)
    client.post(f"/reseau/evenements/{event.slug}/inscription/", {})
    return client


def test_a_member_on_the_waiting_list_sees_their_position(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    member = UserFactory(email="troisieme@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        client = register_member(member, event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "en position 2" in page
    assert "après 1 personne" in page
    waiting_mail = [m for m in mail.outbox if m.to == ["troisieme@exemple.fr"]][-1]
    assert "en position 2" in waiting_mail.body


def test_the_confirmation_e_mail_carries_the_event_as_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title="Atelier réemploi", online_url="https://visio.exemple.fr/secret")
    with django_capture_on_commit_callbacks(execute=True):
        register_member(UserFactory(email="inscrit@exemple.fr"), event)
    message = [m for m in mail.outbox if m.to == ["inscrit@exemple.fr"]][-1]
    ((filename, content, mimetype),) = message.attachments
    assert filename == f"{event.slug}.ics" and mimetype.startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Atelier réemploi"
    assert "visio.exemple.fr" not in str(content)  # the visio link stays in the text


def test_confirmed_people_are_reminded_the_day_before_once(frozen_now):
    tomorrow = EventFactory(title="Atelier de demain", starts_at=frozen_now + timedelta(days=1))
    later = EventFactory(starts_at=frozen_now + timedelta(days=3))
    RegistrationFactory(event=tomorrow, email="a@exemple.fr", status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=tomorrow, email="b@exemple.fr", status=RegistrationStatus.WAITING)
    RegistrationFactory(event=later, email="c@exemple.fr", status=RegistrationStatus.CONFIRMED)
    mail.outbox.clear()

    call_command("network_remind")
    call_command("network_remind")  # a second run the same day reminds nobody again

    assert [m.to for m in mail.outbox] == [["a@exemple.fr"]]
    assert mail.outbox[0].subject == "Demain\u00a0: Atelier de demain"
