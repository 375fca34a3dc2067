"""Visitors cannot take event places or flood mailboxes: e-mail round trip and rate limits."""

import html
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse

from apure.network.models import Registration, RegistrationStatus, Subscriber
from apure.operations.models import AttemptWindow
from apure.www.network import limits
from tests.factories import PASSWORD, FacilitatorFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def ask(event, email, ip="203.0.113.7", name="Marie Curie"):
    """A visitor's registration form, sent from the client at `ip`."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client(REMOTE_ADDR=ip).post(
            reverse("network:event_register", args=[event.slug]),
            {"name": name, "email": email},
            follow=True,
        )


def confirmation_path(message):
    return re.search(r"http://[^/\s]+(/reseau/evenements/confirmation/\S+/)", message.body)[1]


def confirm(path):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client().post(path, follow=True)


def test_a_visitor_registration_holds_no_place_until_the_e_mailed_link_is_followed(client):
    event = EventFactory(title="Atelier réemploi", capacity=1)
    page = ask(event, "inconnu@exemple.fr").content.decode()
    assert "Un e-mail de confirmation vous a été envoyé à inconnu@exemple.fr" in page
    assert "1</strong> place restante" in page
    assert Registration.objects.get().status == RegistrationStatus.PENDING
    [request] = mail.outbox
    assert request.subject == "Confirmez votre inscription\u00a0: Atelier réemploi"
    assert "Aucune place n'est réservée avant cette confirmation" in request.body

    # A real member comes next: the place is still theirs.
    member = UserFactory()
    client.login(email=member.email, password=PASSWORD)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("network:event_register", args=[event.slug]))
    assert Registration.objects.get(email=member.email).status == RegistrationStatus.CONFIRMED

    # The visitor confirms afterwards: the event is full, so they wait.
    page = html.unescape(confirm(confirmation_path(request)).content.decode())
    assert "vous êtes sur la liste d'attente" in page
    registration = Registration.objects.get(email="inconnu@exemple.fr")
    assert registration.status == RegistrationStatus.WAITING


def test_the_link_page_confirms_on_its_button_only_and_only_once(client):
    event = EventFactory(capacity=10)
    ask(event, "marie@exemple.fr")
    path = confirmation_path(mail.outbox[0])
    page = client.get(path).content.decode()  # what a mailbox's link scanner does
    assert "Confirmer mon inscription" in page and "en attente de votre confirmation" in page
    assert Registration.objects.get().status == RegistrationStatus.PENDING

    assert "Inscription confirmée" in confirm(path).content.decode()
    assert "Inscription confirmée" in confirm(path).content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert event.confirmed_count == 1
    assert len(mail.outbox) == 2  # the link, then the confirmation with the cancel link
    assert "/reseau/evenements/inscription/" in mail.outbox[1].body


def test_a_forged_or_expired_link_confirms_nothing_and_says_so_in_french(client, settings):
    event = EventFactory()
    ask(event, "marie@exemple.fr")
    path = confirmation_path(mail.outbox[0])
    forged = html.unescape(
        client.get(path.replace("/confirmation/", "/confirmation/x")).content.decode()
    )
    assert "n'est pas valide" in forged
    later = time.time() + (settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        page = html.unescape(confirm(path).content.decode())
    assert "Ce lien de confirmation a expiré" in page
    assert Registration.objects.get().status == RegistrationStatus.PENDING


def test_a_member_is_not_blocked_by_a_pending_registration_someone_made_with_their_address(
    client,
):
    member = UserFactory(email="acheteuse@exemple.fr")
    event = EventFactory(capacity=5)
    ask(event, member.email)
    client.login(email=member.email, password=PASSWORD)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Vous serez inscrit·e avec l'adresse acheteuse@exemple.fr" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        page = client.post(
            reverse("network:event_register", args=[event.slug]), follow=True
        ).content.decode()
    assert "Inscription confirmée" in page
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_facilitators_do_not_see_unconfirmed_visitors_among_the_registrants(client):
    event = EventFactory()
    ask(event, "pas-confirme@exemple.fr")
    client.force_login(FacilitatorFactory())
    page = client.get(reverse("network:event_registrants", args=[event.slug])).content.decode()
    export = client.get(reverse("network:event_registrants_csv", args=[event.slug]))
    assert "pas-confirme@exemple.fr" not in page
    assert "pas-confirme@exemple.fr" not in export.content.decode("utf-8-sig")


def test_one_client_cannot_register_dozens_of_made_up_people(client):
    event = EventFactory(capacity=100)
    for number in range(limits.VISITOR_REGISTRATIONS_PER_CLIENT):
        assert ask(event, f"faux{number}@exemple.fr").status_code == 200
    refused = ask(event, "encore@exemple.fr")
    assert refused.status_code == 429
    assert "Trop de demandes en peu de temps" in refused.content.decode()
    assert not Registration.objects.filter(email="encore@exemple.fr").exists()
    assert len(mail.outbox) == limits.VISITOR_REGISTRATIONS_PER_CLIENT
    # Someone else, elsewhere, still registers; the counts are rows of the shared database.
    assert ask(event, "vraie@exemple.fr", ip="192.0.2.80").status_code == 200
    assert AttemptWindow.objects.exists()


def test_an_address_cannot_be_flooded_from_many_clients(client):
    events = EventFactory.create_batch(limits.VISITOR_REGISTRATIONS_PER_ADDRESS + 1)
    for number, event in enumerate(events[:-1]):
        ask(event, "cible@exemple.fr", ip=f"198.51.100.{number}")
    refused = ask(events[-1], "cible@exemple.fr", ip="198.51.100.99")
    assert refused.status_code == 429
    assert len(mail.outbox) == limits.VISITOR_REGISTRATIONS_PER_ADDRESS


def test_one_client_cannot_send_newsletter_confirmations_to_any_number_of_addresses(client):
    url = reverse("network:newsletter_subscribe")
    sender = Client(REMOTE_ADDR="203.0.113.50")
    for number in range(limits.SUBSCRIPTIONS_PER_CLIENT):
        sender.post(url, {"email": f"abonne{number}@exemple.fr"})
    refused = sender.post(url, {"email": "un-de-plus@exemple.fr"})
    assert refused.status_code == 429
    assert "Trop de demandes en peu de temps" in refused.content.decode()
    assert not Subscriber.objects.filter(email="un-de-plus@exemple.fr").exists()
    assert len(mail.outbox) == limits.SUBSCRIPTIONS_PER_CLIENT
    other = Client(REMOTE_ADDR="192.0.2.81").post(url, {"email": "lecteur@exemple.fr"})
    assert other.status_code == 302
