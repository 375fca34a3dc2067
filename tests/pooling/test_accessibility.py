"""No serious axe violation on the pooling pages and the buyer-page block, on a desktop and a
phone screen, and no sideways scrolling on the phone. Set APURE_SCREENSHOTS to a folder to
keep a full-page screenshot of each."""

import os
from pathlib import Path

import pytest

from tests.pooling.conftest import LILLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "choix": "/outils/mutualisation/",
    "departement": "/outils/mutualisation/departement/59/restauration-collective/",
    "epci": "/outils/mutualisation/epci/200093201/cpv-1589/",
    "acheteur": f"/observatoire/acheteurs/{LILLE}/?partie=mutualisation",
}
WIDTHS = (1366, 390)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_pooling_page_has_no_serious_accessibility_violation(
    axe_violations, browser_page, browser_server, pooling_store, name, width
):
    browser_page.set_viewport_size({"width": width, "height": 900})
    try:
        assert axe_violations(PAGES[name]) == []
        overflow = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0
        folder = os.environ.get("APURE_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            browser_page.screenshot(path=f"{folder}/pooling-{name}-{width}.png", full_page=True)
    finally:
        browser_page.set_viewport_size({"width": 1280, "height": 720})
