"""Each observatory view answers on its first screen and stays within about three screens."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"ordinateur": (1366, 768), "téléphone": (390, 844)}
# « About three screens »: a small margin for the footer, which every page of the site has.
MAX_SCREENS = 3.3
PAGES = [
    "/observatoire/",
    "/observatoire/territoires/region/32/",
    "/observatoire/acheteurs/21590350100017/",
    "/observatoire/acheteurs/21590350100017/?partie=publication",
    "/observatoire/?partie=segments",
    "/observatoire/marches/?region=",
]
FIRST_SCREEN = PAGES[:3]


@pytest.fixture
def measure(browser_page, browser_server):
    """Open a path at a screen size; return the page height and the gauges' bottom, in px."""

    def measure(path, width, height):
        browser_page.set_viewport_size({"width": width, "height": height})
        try:
            response = browser_page.goto(browser_server.url + path)
            assert response.status == 200, path
            return browser_page.evaluate(
                """() => {
                    const gauges = document.querySelector('.first-screen .gauges');
                    return [document.documentElement.scrollHeight,
                            gauges ? gauges.getBoundingClientRect().bottom + window.scrollY : null];
                }"""
            )
        finally:
            browser_page.set_viewport_size({"width": 1280, "height": 720})

    return measure


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", PAGES)
def test_page_stays_within_about_three_screens(measure, observatory_store, path, screen):
    width, height = SCREENS[screen]
    page_height, _ = measure(path, width, height)
    assert page_height <= MAX_SCREENS * height, f"{path}: {page_height} px at {width} px wide"


@pytest.mark.parametrize("path", FIRST_SCREEN)
def test_shares_trend_and_gauges_fit_the_first_desktop_screen(measure, observatory_store, path):
    width, height = SCREENS["ordinateur"]
    _, gauges_bottom = measure(path, width, height)
    assert gauges_bottom is not None and gauges_bottom <= height, f"{path}: {gauges_bottom} px"
