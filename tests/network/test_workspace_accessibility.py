"""axe-core checks of the workspace, public answers and directory pages."""

import pytest
from django.test import Client

from apure.network.models import DirectoryListing, DocumentVisibility
from tests.factories import FacilitatorFactory

from .factories import WorkingGroupFactory
from .workspace_factories import (
    DocumentVersionFactory,
    GroupDocumentFactory,
    ReplyFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_workspace():
    group = WorkingGroupFactory(slug="reemploi", short_name="Réemploi", name="Réemploi")
    thread = ThreadFactory(group=group, title="Lot réservé ou variante ?", body="**Question**")
    reply = ReplyFactory(thread=thread, body="Un lot *réservé*.")
    ReplyFactory(thread=thread, body="Une variante.")
    thread.best_reply = reply
    thread.made_public_at = thread.created_at
    thread.save()
    document = GroupDocumentFactory(group=group, visibility=DocumentVisibility.PUBLIC)
    DocumentVersionFactory(document=document)
    return group, thread, document


def login(browser_page, live_server, user):
    client = Client()
    client.force_login(user)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_public_workspace_pages_have_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px
):
    _group, thread, document = make_workspace()
    for path in (
        "/reseau/questions/",
        f"/reseau/questions/{thread.pk}/",
        "/reseau/groupes/reemploi/documents/",
        "/reseau/groupes/reemploi/documents/?q=compte",
        document.get_absolute_url(),
    ):
        assert axe_violations(path) == [], path
        assert overflow_at_320px(path) == 0, path


def test_member_workspace_pages_have_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px, browser_page, live_server
):
    group, thread, document = make_workspace()
    facilitator = FacilitatorFactory()
    group.members.add(facilitator)
    DirectoryListing.objects.create(user=facilitator)
    login(browser_page, live_server, facilitator)
    try:
        for path in (
            "/reseau/groupes/reemploi/",
            "/reseau/groupes/reemploi/discussions/",
            "/reseau/groupes/reemploi/discussions/?q=lot",
            thread.get_absolute_url(),
            f"{thread.get_absolute_url()}modifier/",
            f"{thread.get_absolute_url()}reponses/{thread.best_reply_id}/modifier/",
            "/reseau/groupes/reemploi/discussions/nouvelle/",
            "/reseau/groupes/reemploi/documents/nouveau/",
            document.get_absolute_url(),
            "/reseau/notifications/",
            "/membres/annuaire/",
            "/membres/annuaire/ma-fiche/",
        ):
            assert axe_violations(path) == [], path
            assert browser_page.url.endswith(path), path  # not sent to the login page
            assert overflow_at_320px(path) == 0, path
    finally:
        browser_page.context.clear_cookies()
