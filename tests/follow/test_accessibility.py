"""The follow and report pages in the browser: no serious axe violation, no sideways scroll."""

import pytest
from django.conf import settings
from django.test import Client

from apure.follow.models import ErrorReport, Follow, ReportStatus
from tests.factories import FacilitatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UID = "21590350100017/2025-SANS-MONTANT"


@pytest.fixture
def signed_in_browser(browser_page, browser_server):
    """The browser signed in as a facilitator (who is also a member) for one test."""
    facilitator = FacilitatorFactory()
    client = Client()
    client.force_login(facilitator)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser_page.context
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": browser_server.url}]
    )
    yield facilitator
    context.clear_cookies()


def test_follow_and_report_pages_are_accessible(
    signed_in_browser, axe_violations, overflow_at_320px, observatory_store
):
    Follow.objects.create(user=signed_in_browser, kind="buyer", code="21590350100017",
                          label="Ville de Lille, SIRET 21590350100017")  # fmt: skip
    Follow.objects.create(user=signed_in_browser, kind="segment", code="nettoyage-locaux",
                          region="32", label="Nettoyage des locaux en Hauts-de-France")  # fmt: skip
    report = ErrorReport.objects.create(
        uid=UID, topic="amount", message="Montant absent.", reporter=signed_in_browser,
        email=signed_in_browser.email, status=ReportStatus.OPEN,
        source_file="decp-2025.json", record_index=3,
    )  # fmt: skip
    report.comments.create(author=signed_in_browser, body="Transmis à l'acheteur.")
    for path in (
        "/observatoire/suivis/",
        f"/observatoire/signalements/nouveau/?marche={UID}",
        "/observatoire/signalements/",
        f"/observatoire/signalements/{report.pk}/",
        "/observatoire/acheteurs/21590350100017/",
        "/observatoire/segments/nettoyage-locaux/",
    ):
        assert axe_violations(path) == [], path
        assert overflow_at_320px(path) == 0, path
