import os
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from apure.organisations.demo import create_founders
from apure.organisations.models import Organisation, User
from apure.reporting import demo
from apure.reporting.models import SpaserReport, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1366, 390]


@pytest.fixture
def content(geography, small_store):
    """The demo's scheme of the Département du Nord and draft declaration of Lille."""
    create_founders()
    demo.load(lambda line: None)
    SpaserReport.objects.filter(year=demo.YEAR).update(status=Status.PUBLISHED, is_public=True)
    return {
        "nord": Organisation.objects.get(siren="225900018"),
        "lille": Organisation.objects.get(siren="215903501"),
        "member": User.objects.get(email=demo.NORD_PERSON[0]),
    }


def _check(browser_page, axe_violations, paths):
    folder = None
    if os.environ.get("REPORTING_SCREENSHOTS"):
        folder = Path(tempfile.gettempdir()) / "reporting-shots"
        folder.mkdir(exist_ok=True)
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
                    name = path.strip("/").replace("/", "_") or "root"
                    browser_page.screenshot(
                        path=str(folder / f"{name}-{width}.png"), full_page=True
                    )
        finally:
            browser_page.set_viewport_size({"width": 1280, "height": 720})
    return failures


def _log_in(browser_page, server, user):
    client = Client()
    client.force_login(user)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.url}]
    )


def test_public_pages_have_no_serious_violation(
    content, browser_page, axe_violations, browser_server
):
    paths = ["/outils/", "/outils/spaser/", f"/outils/spaser/{content['nord'].slug}/rapport-2024/"]
    assert _check(browser_page, axe_violations, paths) == {}


def test_workspace_and_declaration_have_no_serious_violation(
    content, browser_page, axe_violations, browser_server
):
    nord, lille = content["nord"].slug, content["lille"].slug
    _log_in(browser_page, browser_server, User.objects.filter(is_superuser=False).get(
        email=content["member"].email))  # fmt: skip
    try:
        paths = [
            f"/outils/spaser/{nord}/?annee=2024",
            f"/outils/spaser/{nord}/rapport-2024/",
            f"/outils/spaser/{nord}/objectifs/nouveau/",
            f"/outils/spaser/{nord}/schema/",
            "/outils/agec/",
        ]
        failures = _check(browser_page, axe_violations, paths)
        lille_user = User.objects.create_user(
            "agec-lille@exemple.fr", organisation=content["lille"]
        )
        browser_page.context.clear_cookies()
        _log_in(browser_page, browser_server, lille_user)
        failures.update(_check(browser_page, axe_violations, [f"/outils/agec/{lille}/2024/"]))
        assert failures == {}
    finally:
        browser_page.context.clear_cookies()
