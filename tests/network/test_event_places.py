"""Places of an event: capacity changes, the waiting list and the registrants page."""

import html
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin import ModelAdmin
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from apure.network import registrations
from apure.network.models import RegistrationStatus
from tests.factories import FacilitatorFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
CONFIRMED, WAITING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING


def full_event(capacity, confirmed, waiting):
    """An event with its confirmed people, then people waiting, registered one minute apart."""
    event = EventFactory(title="Atelier complet", capacity=capacity)
    start = timezone.now() - timedelta(days=1)
    people = []
    for index in range(confirmed + waiting):
        people.append(
            RegistrationFactory(
                event=event,
                name=f"Personne {index}",
                email=f"personne{index}@exemple.fr",
                status=CONFIRMED if index < confirmed else WAITING,
                created_at=start + timedelta(minutes=index),
            )
        )
    return event, people


def committed():
    """As after a real request: the transaction commits, then its e-mails leave."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def edit_event(client, event, capacity):
    client.force_login(FacilitatorFactory())
    data = {
        "title": event.title,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "place": event.place,
        "description": event.description,
        "capacity": "" if capacity is None else capacity,
        "registration_open": "on",
        "status": "published",
    }
    with committed():
        return client.post(reverse("network:event_edit", args=[event.slug]), data, follow=True)


def statuses(people):
    for registration in people:
        registration.refresh_from_db()
    return [registration.status for registration in people]


def test_raising_the_capacity_promotes_the_oldest_waiting_people_and_tells_them(client):
    event, people = full_event(capacity=2, confirmed=2, waiting=3)
    mail.outbox.clear()
    response = edit_event(client, event, capacity=4)
    assert response.status_code == 200
    assert statuses(people) == [CONFIRMED, CONFIRMED, CONFIRMED, CONFIRMED, WAITING]
    assert [message.to for message in mail.outbox] == [
        ["personne2@exemple.fr"],
        ["personne3@exemple.fr"],
    ]
    assert all("place s'est libérée" in message.subject for message in mail.outbox)
    page = html.unescape(response.content.decode())
    assert "2 personnes de la liste d'attente ont reçu une place" in page


def test_an_unlimited_capacity_promotes_everybody_waiting(client):
    event, people = full_event(capacity=1, confirmed=1, waiting=2)
    edit_event(client, event, capacity=None)
    assert statuses(people) == [CONFIRMED, CONFIRMED, CONFIRMED]
    assert len(mail.outbox) == 2


def test_a_newcomer_does_not_pass_people_waiting_for_places_added_elsewhere(client):
    event, people = full_event(capacity=1, confirmed=1, waiting=1)
    event.capacity = 2  # e.g. changed in the admin's list, without promotion
    event.save()
    newcomer = registrations.register(event, name="Eve", email="eve@exemple.fr")
    assert statuses(people) == [CONFIRMED, CONFIRMED]
    assert newcomer.status == WAITING


def test_the_capacity_cannot_go_below_the_confirmed_places(client):
    event, people = full_event(capacity=4, confirmed=4, waiting=1)
    response = edit_event(client, event, capacity=2)
    page = html.unescape(response.content.decode())
    assert "4 places sont déjà confirmées\u00a0: la capacité ne peut pas descendre sous 4." in page
    event.refresh_from_db()
    assert event.capacity == 4


def test_a_cancellation_promotes_nobody_while_the_event_holds_more_people_than_places():
    event, people = full_event(capacity=4, confirmed=4, waiting=1)
    event.capacity = 2  # lowered in the admin
    event.save()
    with committed():
        assert registrations.cancel(people[0]) is None
    assert statuses(people)[1:] == [CONFIRMED, CONFIRMED, CONFIRMED, WAITING]
    assert not mail.outbox


def test_the_registrants_page_counts_confirmed_and_waiting_people_apart(client):
    event, _ = full_event(capacity=4, confirmed=4, waiting=3)
    client.force_login(FacilitatorFactory())
    page = client.get(reverse("network:event_registrants", args=[event.slug])).content.decode()
    assert "4 confirmées, 3 en liste d'attente, 4 places" in " ".join(html.unescape(page).split())
    assert "7 inscriptions" not in page


def admin_change(client, event, people, capacity):
    """The admin's change form of the event, posted with a new capacity."""
    client.force_login(FacilitatorFactory(is_superuser=True))
    url = reverse("admin:network_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes", "starts_at", "published_at")
    }
    local = timezone.localtime(event.starts_at)
    data |= {"starts_at_0": local.strftime("%d/%m/%Y"), "starts_at_1": local.strftime("%H:%M")}
    data |= {"capacity": capacity, "status": "published", "registrations-TOTAL_FORMS": 3}
    data |= {"registrations-INITIAL_FORMS": 3, "registrations-MIN_NUM_FORMS": 0}
    for index, registration in enumerate(people):
        prefix = f"registrations-{index}-"
        data |= {
            f"{prefix}id": registration.pk,
            f"{prefix}event": event.pk,
            f"{prefix}name": registration.name,
            f"{prefix}email": registration.email,
            f"{prefix}status": registration.status,
            f"{prefix}created_at_0": timezone.localtime(registration.created_at).strftime(
                "%d/%m/%Y"
            ),
            f"{prefix}created_at_1": timezone.localtime(registration.created_at).strftime(
                "%H:%M:%S"
            ),
        }
    return client.post(url, data)


def test_raising_the_capacity_in_the_admin_promotes_people_waiting_too(client):
    event, people = full_event(capacity=1, confirmed=1, waiting=2)
    with committed():
        response = admin_change(client, event, people, capacity=2)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert statuses(people) == [CONFIRMED, CONFIRMED, WAITING]
    assert [message.to for message in mail.outbox] == [["personne1@exemple.fr"]]


def test_nobody_is_told_of_a_place_that_the_admin_save_then_rolls_back(client):
    # The admin wraps its whole save in one transaction: a failure after the promotion (here
    # the history entry) undoes the place, so its e-mail must not have left.
    event, people = full_event(capacity=1, confirmed=1, waiting=2)
    failure = RuntimeError("history entry not written")
    log_change = mock.patch.object(ModelAdmin, "log_change", side_effect=failure)
    with committed(), log_change, pytest.raises(RuntimeError):
        admin_change(client, event, people, capacity=2)
    assert statuses(people) == [CONFIRMED, WAITING, WAITING]
    assert not mail.outbox


def test_promotions_inside_a_transaction_are_announced_only_once_it_commits():
    event, people = full_event(capacity=1, confirmed=1, waiting=1)
    event.capacity = 2
    event.save()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        registrations.fill_free_places(event)
        raise RuntimeError("rolled back")
    assert statuses(people) == [CONFIRMED, WAITING]
    assert not mail.outbox
    with committed(), transaction.atomic():
        registrations.fill_free_places(event)
        assert not mail.outbox  # still inside the transaction
    assert [message.to for message in mail.outbox] == [["personne1@exemple.fr"]]


def test_the_admin_refuses_a_capacity_below_the_confirmed_places_as_the_site_does(client):
    event, people = full_event(capacity=3, confirmed=3, waiting=0)
    response = admin_change(client, event, people, capacity=1)
    assert response.status_code == 200
    assert "3 places sont déjà confirmées" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3
