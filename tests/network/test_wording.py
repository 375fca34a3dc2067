"""French wording of the network's pages: agreement and punctuation a reader would notice."""

import html
import re

import pytest
from django.urls import reverse

from apure.network import newsletter
from apure.network.models import RegistrationStatus, Status, Subscriber
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory

from .factories import EventFactory, NewsFactory, RegistrationFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's visible text on one line, as a reader sees it."""
    page = re.sub(r"</?(strong|em|a|span)\b[^>]*>", "", response.content.decode())
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def test_no_space_before_full_stops_on_the_member_space_and_the_newsletter_page(client):
    facilitator = FacilitatorFactory(
        first_name="Camille",
        last_name="Animation",
        organisation=OrganisationFactory(name="Acteurs pour une économie solidaire"),
    )
    client.force_login(facilitator)
    Subscriber.objects.create(email="abonne@exemple.fr", confirmed_at="2026-01-01T00:00Z")
    issue = newsletter.queue(
        newsletter.create_issue(subject="Lettre", editorial="Édito", user=facilitator)
    )
    for url in [reverse("members:space"), issue.get_absolute_url()]:
        assert not re.search(r" [.,]", text_of(client.get(url))), url
    space = text_of(client.get(reverse("members:space")))
    assert "Bonjour Camille Animation (Acteurs pour une économie solidaire)" in space
    assert "la fiche de votre structure" in space and "fiche de Acteurs" not in space


def test_statuses_agree_with_news_and_resources_in_the_member_space(client):
    member = UserFactory()
    ResourceFactory(title="Guide refusé", status=Status.REJECTED, proposed_by=member)
    NewsFactory(title="Actualité publiée", proposed_by=member)
    client.force_login(member)
    space = text_of(client.get(reverse("members:space")))
    assert "Guide refusé (refusée)" in space
    assert "Actualité publiée (publiée)" in space


def test_the_moderation_queue_speaks_of_each_proposal(client):
    NewsFactory.create_batch(2, status=Status.PROPOSED, published_at=None)
    client.force_login(FacilitatorFactory())
    page = text_of(client.get(reverse("network:moderation")))
    assert "2 propositions des membres en attente. Publiez chaque proposition" in page
    assert "Publiez-la" not in page


def test_the_cancellation_page_states_the_status_without_gender_or_elision_slips(client):
    event = EventFactory()
    confirmed = RegistrationFactory(event=event, name="Alice Un")
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    page = text_of(client.get(confirmed.get_cancel_url()))
    assert "Personne inscrite : Alice Un (" in page and "de Alice" not in page
    assert "Statut : place confirmée" in page
    assert "Statut : liste d'attente" in text_of(client.get(waiting.get_cancel_url()))
