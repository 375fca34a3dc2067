import pytest
from django.test import Client

from apure.network import newsletter
from apure.network.models import Status
from tests.factories import FacilitatorFactory

from .factories import (
    EventFactory,
    NewsFactory,
    RegistrationFactory,
    ResourceFactory,
    SubscriberFactory,
    WorkingGroupFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PATHS = [
    "/reseau/",
    "/reseau/groupes/",
    "/reseau/groupes/reemploi/",
    "/reseau/actualites/",
    "/reseau/actualites/le-reseau-se-retrouve/",
    "/reseau/evenements/",
    "/reseau/evenements/rencontre-annuelle/",
    "/reseau/ressources/",
    "/reseau/ressources/guide-du-cout-global/",
    "/reseau/recherche/?q=reemploi",
    "/reseau/lettre/",
    "/reseau/donnees-personnelles/",
]
FACILITATOR_PATHS = [
    "/reseau/moderation/",
    "/reseau/actualites/nouvelle/",
    "/reseau/evenements/nouveau/",
    "/reseau/ressources/proposer/",
    "/reseau/evenements/rencontre-annuelle/inscrits/",
    "/reseau/lettre/numeros/",
    "/membres/mon-espace/",
    "/membres/inviter/",
]


def make_content():
    group = WorkingGroupFactory(slug="reemploi", short_name="Réemploi", name="Réemploi")
    news = NewsFactory(title="Le réseau se retrouve", body="## Programme\n\n- un\n- deux")
    event = EventFactory(title="Rencontre annuelle", capacity=2)
    resource = ResourceFactory(title="Guide du coût global", is_example=True)
    for item in (news, event, resource):
        item.themes.set([group])
    RegistrationFactory(event=event)
    NewsFactory(title="Proposition", status=Status.PROPOSED, published_at=None)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_network_page_has_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px, path
):
    make_content()
    assert axe_violations(path) == []
    assert overflow_at_320px(path) == 0  # WCAG 1.4.10: no sideways scrolling on a phone


@pytest.mark.parametrize("path", FACILITATOR_PATHS)
def test_facilitator_network_page_has_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px, browser_page, live_server, path
):
    make_content()
    facilitator = FacilitatorFactory()
    SubscriberFactory()
    client = Client()
    client.force_login(facilitator)
    context = browser_page.context
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    try:
        assert axe_violations(path) == []
        assert browser_page.url.endswith(path)  # not redirected to the login page
        assert overflow_at_320px(path) == 0
    finally:
        context.clear_cookies()


def test_newsletter_preview_has_no_serious_accessibility_violation(
    axe_violations, browser_page, live_server
):
    make_content()
    facilitator = FacilitatorFactory()
    issue = newsletter.create_issue(subject="Lettre", editorial="# Édito", user=facilitator)
    client = Client()
    client.force_login(facilitator)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    try:
        assert axe_violations(f"/reseau/lettre/numeros/{issue.pk}/") == []
        assert "Aperçu" in browser_page.content()
        # The edit page, with its confirmation box for deleting.
        assert axe_violations(f"/reseau/lettre/numeros/{issue.pk}/modifier/") == []
    finally:
        browser_page.context.clear_cookies()
