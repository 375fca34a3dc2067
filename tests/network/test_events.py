import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from apure.network import registrations
from apure.network.models import Registration, RegistrationStatus
from tests.factories import PASSWORD, FacilitatorFactory, UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def committed():
    """As after a real request: the transaction commits, then its e-mails leave."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def ask_to_register(client, event, email="marie@exemple.fr"):
    """A visitor fills in the registration form."""
    with committed():
        return client.post(
            reverse("network:event_register", args=[event.slug]),
            {"name": "Marie Curie", "email": email, "organisation_name": "Ville d'Arras"},
            follow=True,
        )


def confirmation_link(message):
    return re.search(r"http://[^/\s]+(/reseau/evenements/confirmation/\S+/)", message.body)[1]


def register_visitor(client, event, email="marie@exemple.fr"):
    """A visitor fills in the form, then confirms through the link e-mailed to them."""
    ask_to_register(client, event, email)
    with committed():
        return client.post(confirmation_link(mail.outbox[-1]), follow=True)


def cancel_link(message):
    return re.search(r"http://\S+/reseau/evenements/inscription/[0-9a-f-]+/", message.body)[0]


def test_a_visitor_registers_and_receives_a_confirmation_with_a_cancellation_link(client):
    event = EventFactory(title="Rencontre annuelle", capacity=50)
    response = register_visitor(client, event)
    assert "Inscription confirmée" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.organisation_name == "Ville d'Arras"
    assert [message.to for message in mail.outbox] == [["marie@exemple.fr"]] * 2
    confirmation = mail.outbox[-1]
    assert "Inscription confirmée" in confirmation.subject
    assert "Rencontre annuelle" in confirmation.subject
    assert str(registration.token) in cancel_link(confirmation)


def test_a_visitor_with_a_bad_address_sees_the_error_and_nothing_is_recorded(client):
    event = EventFactory()
    response = client.post(
        reverse("network:event_register", args=[event.slug]), {"name": "X", "email": "pas-un-mail"}
    )
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_robot_filling_the_hidden_trap_field_takes_no_place(client):
    event = EventFactory(capacity=1)
    response = client.post(
        reverse("network:event_register", args=[event.slug]),
        {"name": "Bot", "email": "bot@exemple.fr", "website": "https://spam.example"},
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()
    assert mail.outbox == []
    assert "Inscription confirmée" in register_visitor(client, event).content.decode()


def test_when_full_people_go_to_the_waiting_list_and_get_the_freed_place(client):
    event = EventFactory(capacity=1)
    register_visitor(client, event, "premier@exemple.fr")
    assert "S'inscrire sur la liste d'attente" in (
        client.get(event.get_absolute_url()).content.decode()
    )
    response = register_visitor(client, event, "second@exemple.fr")
    assert "liste d'attente" in response.content.decode()
    second = Registration.objects.get(email="second@exemple.fr")
    assert second.status == RegistrationStatus.WAITING
    first = Registration.objects.get(email="premier@exemple.fr")
    mail.outbox.clear()

    page = client.get(first.get_cancel_url())
    assert "Annuler mon inscription" in page.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED  # GET changes nothing
    with committed():
        client.post(first.get_cancel_url(), {"action": "cancel"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["second@exemple.fr"]]
    assert "place s'est libérée" in mail.outbox[0].subject


def test_cancel_and_erase_deletes_the_personal_data(client):
    registration = RegistrationFactory()
    client.post(registration.get_cancel_url(), {"action": "delete"})
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_the_same_address_cannot_register_twice_and_the_page_does_not_say_so(client):
    cache.clear()  # reminders are limited through the cache
    event = EventFactory()
    register_visitor(client, event)
    # Anyone may type anyone's address: the page answers as for a newcomer, and the address
    # gets its registration e-mail again, once per period, not once per attempt.
    for _ in range(3):
        again = ask_to_register(client, event).content.decode()
        assert "déjà inscrite" not in again
        assert "Un e-mail de confirmation vous a été envoyé" in again
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 3  # the link, the confirmation, one reminder
    assert "/evenements/inscription/" in mail.outbox[2].body


def test_a_logged_in_member_registers_in_one_click_and_sees_it_in_the_space(client):
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    event = EventFactory(title="Atelier réemploi")
    client.login(email=user.email, password=PASSWORD)
    client.post(reverse("network:event_register", args=[event.slug]))
    registration = Registration.objects.get()
    assert (registration.user, registration.name) == (user, "Ada Lovelace")
    assert registration.organisation_name == user.organisation.name
    assert "Vous êtes inscrit" in client.get(event.get_absolute_url()).content.decode()
    space = client.get(reverse("members:space")).content.decode()
    assert "Atelier réemploi" in space


def test_past_events_refuse_registrations_but_keep_their_resources(client):
    from .factories import ResourceFactory

    event = EventFactory(starts_at=datetime(2022, 2, 24, 9, 30, tzinfo=PARIS))
    ResourceFactory(title="Compte rendu de la journée", event=event)
    ask_to_register(client, event)
    assert not Registration.objects.exists()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Cet événement a eu lieu" in page
    assert "Compte rendu de la journée" in page


def test_facilitators_export_registrants_to_csv_and_members_cannot(client):
    event = EventFactory()
    RegistrationFactory(event=event, name="Zoé Éluard", organisation_name="Région")
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, name="Parti")
    url = reverse("network:event_registrants_csv", args=[event.slug])

    member = UserFactory()
    client.login(email=member.email, password=PASSWORD)
    assert client.get(url).status_code == 403

    facilitator = FacilitatorFactory()
    client.login(email=facilitator.email, password=PASSWORD)
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["nom", "e-mail", "structure"]
    assert [row[0] for row in rows[1:]] == ["Zoé Éluard"]


def test_event_ics_is_valid_icalendar_in_paris_time(client):
    event = EventFactory(
        title="Rencontre annuelle, édition 2027",
        starts_at=datetime(2027, 12, 9, 9, 30, tzinfo=PARIS),
        ends_at=datetime(2027, 12, 9, 16, 30, tzinfo=PARIS),
        place="Loos-en-Gohelle",
    )
    response = client.get(reverse("network:event_ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Rencontre annuelle, édition 2027"
    assert vevent["UID"] and vevent["DTSTAMP"]
    start = vevent.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (9, 30, 3600)
    assert vevent.decoded("DTEND").hour == 16
    assert str(vevent["LOCATION"]) == "Loos-en-Gohelle"
    # Lines are folded at 75 octets and end with CRLF (RFC 5545 §3.1).
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_calendar_feed_lists_every_published_event(client):
    EventFactory(title="Première")
    EventFactory(title="Passée", starts_at=datetime(2022, 2, 24, 9, 30, tzinfo=PARIS))
    EventFactory(title="Brouillon", status="draft", published_at=None)
    calendar = icalendar.Calendar.from_ical(client.get(reverse("network:calendar")).content)
    titles = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert titles == ["Passée", "Première"]
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 2


def test_the_visio_link_goes_to_confirmed_participants_only(client):
    link = "https://visio.example.org/salle-secrete"
    event = EventFactory(capacity=1, place="", online_url=link)
    page = client.get(event.get_absolute_url()).content.decode()
    assert link not in page and "envoyé aux inscrits" in page
    assert link not in client.get(reverse("network:event_ics", args=[event.slug])).content.decode()

    register_visitor(client, event, "premier@exemple.fr")
    register_visitor(client, event, "second@exemple.fr")
    confirmed, waiting = mail.outbox[1], mail.outbox[3]
    assert link not in mail.outbox[0].body and link not in mail.outbox[2].body  # the requests
    assert link in confirmed.body
    assert link not in waiting.body and "vous sera envoyé" in waiting.body

    member = UserFactory()
    RegistrationFactory(event=event, email=member.email, status=RegistrationStatus.CONFIRMED)
    client.login(email=member.email, password=PASSWORD)
    assert link in client.get(event.get_absolute_url()).content.decode()
    client.force_login(FacilitatorFactory())
    assert link in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize("field", ["name", "organisation_name"])
def test_a_visitor_cannot_write_extra_lines_into_the_registration_email(client, field):
    event = EventFactory()
    details = {"name": "Zoé Martin", "email": "zoe@exemple.fr", "organisation_name": "Arras"}
    details[field] = "Zoé\r\nBcc: evil@example.org"
    response = client.post(reverse("network:event_register", args=[event.slug]), details)
    assert response.status_code == 400
    assert "sur une seule ligne" in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_a_name_with_a_line_break_reaches_the_email_on_one_line():
    event = EventFactory()
    with committed():
        registrations.register(
            event, name="Zoé\nVisitez https://hameconnage.example", email="z@e.fr"
        )
    lines = mail.outbox[0].body.splitlines()
    assert "Bonjour Zoé Visitez https://hameconnage.example," in lines
    assert not any(line.startswith("Visitez") for line in lines)
