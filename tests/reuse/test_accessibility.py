import os
import tempfile

import pytest
from django.test import Client

from apure.organisations.demo import create_founders
from apure.organisations.models import User
from apure.reuse import demo, factors
from apure.reuse.models import ImpactFactor, Lot, Reservation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1366, 390]


@pytest.fixture
def content(communes):
    """The demo's lots, requests and complete exchange."""
    factors.load_shipped(ImpactFactor)
    create_founders()
    demo.load(lambda line: None)
    return {
        "lot": Lot.objects.get(
            is_example=True, organisation__slug="mel", parent=None, category="cloisons"
        ),
        "reservation": Reservation.objects.get(),
        "member": User.objects.get(email=demo.DEMO_PEOPLE["mel"][0]),
    }


def public_paths(content):
    return [
        "/outils/",
        "/outils/reemploi/",
        "/outils/reemploi/?commune=59512&radius_km=30",
        content["lot"].get_absolute_url(),
        "/outils/reemploi/impact/",
        "/outils/reemploi/facteurs/",
    ]


def member_paths(content):
    return [
        content["lot"].get_absolute_url(),
        "/outils/reemploi/lots/nouveau/",
        f"/outils/reemploi/lots/{content['lot'].pk}/modifier/",
        "/outils/reemploi/mes-lots/",
        "/outils/reemploi/import/",
        "/outils/reemploi/reservations/",
        content["reservation"].get_absolute_url(),
        "/outils/reemploi/recherches/",
        "/outils/reemploi/alertes/",
        "/outils/reemploi/impact/ma-structure/",
    ]


def _check(browser_page, axe_violations, server, paths, shots):
    from pathlib import Path

    folder = Path(tempfile.gettempdir()) / "reuse-shots" if shots else None
    failures = {}
    for width in WIDTHS:
        browser_page.set_viewport_size({"width": width, "height": 900})
        try:
            for path in paths:
                violations = axe_violations(path)
                overflow = browser_page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if violations or overflow > 0:
                    failures[(width, path)] = (violations, overflow)
                if folder:
                    folder.mkdir(exist_ok=True)
                    name = path.strip("/").replace("/", "_").replace("?", "_") or "root"
                    browser_page.screenshot(
                        path=str(folder / f"{name}-{width}.png"), full_page=True
                    )
        finally:
            browser_page.set_viewport_size({"width": 1280, "height": 720})
    return failures


def test_public_reuse_pages_have_no_serious_violation(
    content, browser_page, axe_violations, browser_server
):
    shots = bool(os.environ.get("REUSE_SCREENSHOTS"))
    assert _check(browser_page, axe_violations, browser_server, public_paths(content), shots) == {}


def test_member_reuse_pages_have_no_serious_violation(
    content, browser_page, axe_violations, browser_server
):
    client = Client()
    client.force_login(content["member"])
    browser_page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": browser_server.url,
            }
        ]
    )
    shots = bool(os.environ.get("REUSE_SCREENSHOTS"))
    try:
        assert (
            _check(browser_page, axe_violations, browser_server, member_paths(content), shots) == {}
        )
    finally:
        browser_page.context.clear_cookies()
