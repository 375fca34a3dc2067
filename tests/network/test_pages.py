import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apure.network.models import Status
from tests.factories import PASSWORD, FacilitatorFactory, UserFactory

from .factories import (
    EventFactory,
    NewsFactory,
    RegistrationFactory,
    ResourceFactory,
    SubscriberFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    group = WorkingGroupFactory(slug="reemploi", short_name="Réemploi", name="Réemploi et ESS")
    news = NewsFactory(title="Actualité du réemploi", is_example=True)
    news.themes.set([group])
    event = EventFactory(title="Atelier réemploi", capacity=10)
    event.themes.set([group])
    resource = ResourceFactory(title="Guide du réemploi", kind="guide", territory="59")
    resource.themes.set([group])
    NewsFactory(title="Brouillon caché", status=Status.DRAFT, published_at=None)
    NewsFactory(title="Programmée plus tard", published_at=timezone.now() + timedelta(days=3))
    return {"group": group, "news": news, "event": event, "resource": resource}


def public_urls(content):
    return [
        reverse("network:home"),
        reverse("network:group_list"),
        content["group"].get_absolute_url(),
        reverse("network:news_list"),
        content["news"].get_absolute_url(),
        reverse("network:event_list"),
        content["event"].get_absolute_url(),
        reverse("network:resource_list"),
        content["resource"].get_absolute_url(),
        reverse("network:search") + "?q=reemploi",
        reverse("network:newsletter"),
        reverse("network:privacy"),
    ]


def test_public_pages_render_completely(client, content):
    for url in public_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode(), url


def test_facilitator_pages_render_completely(client, content):
    facilitator = FacilitatorFactory()
    client.login(email=facilitator.email, password=PASSWORD)
    RegistrationFactory(event=content["event"])
    from apure.network import newsletter

    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=facilitator)
    urls = [
        *public_urls(content),
        reverse("network:news_create"),
        reverse("network:event_create"),
        reverse("network:resource_create"),
        reverse("network:news_edit", args=[content["news"].slug]),
        reverse("network:event_edit", args=[content["event"].slug]),
        reverse("network:resource_edit", args=[content["resource"].slug]),
        reverse("network:event_registrants", args=[content["event"].slug]),
        reverse("network:moderation"),
        reverse("network:issue_list"),
        reverse("network:issue_create"),
        issue.get_absolute_url(),
        reverse("members:space"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode(), url


def test_home_shows_latest_news_upcoming_events_and_groups_but_no_drafts(client, content):
    page = client.get(reverse("network:home")).content.decode()
    for expected in ["Actualité du réemploi", "Atelier réemploi", "Réemploi et ESS"]:
        assert expected in page
    assert "Brouillon caché" not in page
    assert "Programmée plus tard" not in page
    assert "Exemple" in page  # demo content is flagged


def test_a_group_page_gathers_its_news_events_resources_and_members(client, content):
    member = UserFactory(first_name="Alix", last_name="Martin")
    client.login(email=member.email, password=PASSWORD)
    url = content["group"].get_absolute_url()
    client.post(reverse("network:group_membership", args=["reemploi"]), {"action": "join"})
    page = client.get(url).content.decode()
    for expected in ["Actualité du réemploi", "Atelier réemploi", "Guide du réemploi"]:
        assert expected in page
    assert "Alix Martin" in page and "Quitter le groupe" in page
    assert "Réemploi et ESS" in client.get(reverse("members:space")).content.decode()
    client.post(reverse("network:group_membership", args=["reemploi"]), {"action": "leave"})
    assert "Alix Martin" not in client.get(url).content.decode()


def test_visitors_cannot_join_a_group(client, content):
    response = client.post(reverse("network:group_membership", args=["reemploi"]))
    assert response.status_code == 302
    assert content["group"].members.count() == 0


def test_resource_filters(client, content):
    ResourceFactory(title="Délibération SPASER", kind="deliberation", territory="80")
    url = reverse("network:resource_list")
    page = client.get(url, {"kind": "deliberation"}).content.decode()
    assert "Délibération SPASER" in page and "Guide du réemploi" not in page
    page = client.get(url, {"territory": "59"}).content.decode()
    assert "Guide du réemploi" in page and "Délibération SPASER" not in page
    page = client.get(url, {"theme": "reemploi"}).content.decode()
    assert "Guide du réemploi" in page and "Délibération SPASER" not in page


def test_search_finds_across_news_events_and_resources_without_accents(client, content):
    page = client.get(reverse("network:search"), {"q": "REEMPLOI"}).content.decode()
    for expected in ["Actualité du réemploi", "Atelier réemploi", "Guide du réemploi"]:
        assert expected in page
    assert "Brouillon caché" not in page


def test_search_with_a_resource_kind_lists_only_resources(client, content):
    page = client.get(reverse("network:search"), {"q": "reemploi", "kind": "guide"})
    text = page.content.decode()
    assert "Guide du réemploi" in text and "Atelier réemploi" not in text


def parse_feed(response):
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, built by Django


def test_rss_and_atom_feeds_list_published_items(client, content):
    rss = parse_feed(client.get(reverse("network:news_rss")))
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["Actualité du réemploi"]
    atom = parse_feed(client.get(reverse("network:news_atom")))
    namespace = "{http://www.w3.org/2005/Atom}"
    assert [e.findtext(f"{namespace}title") for e in atom.iter(f"{namespace}entry")] == titles
    resources = parse_feed(client.get(reverse("network:resource_rss")))
    item = next(resources.iter("item"))
    assert item.findtext("title") == "Guide du réemploi"
    assert "Guide" in [c.text for c in item.findall("category")]


def test_member_space_lists_groups_registrations_proposals_and_queue_for_facilitators(
    client, content
):
    facilitator = FacilitatorFactory()
    NewsFactory(title="Proposée par un membre", status=Status.PROPOSED, published_at=None)
    client.login(email=facilitator.email, password=PASSWORD)
    page = client.get(reverse("members:space")).content.decode()
    assert "Mes groupes de travail" in page and "Mes inscriptions" in page
    assert "Propositions à relire</a>&nbsp;:\n      <strong>1</strong>" in page


def test_privacy_page_states_what_is_kept_and_the_purge_command(client, settings):
    settings.NETWORK_RETENTION_DAYS = 730
    page = client.get(reverse("network:privacy")).content.decode()
    assert "730 jours" in page
    assert "apure network_purge" in page and "cron" in page


def test_facilitator_sees_the_subscriber_count(client):
    SubscriberFactory.create_batch(2)
    SubscriberFactory(confirmed_at=None)
    facilitator = FacilitatorFactory()
    client.login(email=facilitator.email, password=PASSWORD)
    page = client.get(reverse("network:issue_list")).content.decode()
    assert "<strong>2</strong> abonnés confirmés" in page


def test_a_proposal_appears_in_search_only_once_approved(client, content):
    from apure.network import moderation

    proposal = ResourceFactory(
        title="Clause de réemploi des cloisons", status=Status.PROPOSED, published_at=None
    )
    url = reverse("network:search")
    assert "cloisons" not in client.get(url, {"q": "cloison"}).content.decode()
    moderation.approve(proposal, FacilitatorFactory())
    assert "Clause de réemploi des cloisons" in client.get(url, {"q": "cloison"}).content.decode()
