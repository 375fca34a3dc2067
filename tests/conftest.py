import os
import re

import pytest
from django.conf import settings
from django.template.base import Template

from apure.decp import store
from apure.observatory import store_query
from apure.reference.loaders import load_departements, load_regions
from tests.browser import BLOCKING_IMPACTS, CHROMIUM_ARGS, chromium_path, summarise


@pytest.fixture(autouse=True)
def no_analytical_store_left_behind():
    """A test that imports DECP (the demo, the import command) writes the default store;
    the next test must not see it, whatever the random order."""
    yield
    store.close()
    store_query.clear_cache()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


# What a template renders for an undefined variable (test settings: `string_if_invalid`).
INVALID_MARKER = re.compile(
    re.escape(settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"]).replace("%s", r"([^\]]*)")
)


@pytest.fixture(autouse=True)
def templates_fail_on_undefined_variables(monkeypatch):
    """Any template rendered during a test (page, e-mail, include, live server) that shows an
    undefined variable fails the test, named with the template and the variable. The check is
    made after the test, so that no `except Exception` in the code can swallow it."""
    undefined = {}
    render = Template._render

    def checked_render(template, context):
        output = render(template, context)
        name = template.origin.template_name or template.origin.name
        for variable in INVALID_MARKER.findall(output):
            # Innermost first: an included template, then the one that includes or extends it.
            names = undefined.setdefault(variable, [])
            if name not in names:
                names.append(name)
        return output

    monkeypatch.setattr(Template, "_render", checked_render)
    yield
    if undefined:
        found = " ; ".join(
            f"« {variable} » ({' ← '.join(names)})" for variable, names in undefined.items()
        )
        pytest.fail(f"Variables de gabarit non définies : {found}", pytrace=False)


@pytest.fixture
def geography(db):
    """Régions and départements (small, fast): enough for organisations and territories."""
    load_regions()
    load_departements()


@pytest.fixture(scope="session")
def browser_page():
    """One headless Chromium page for the whole session (starting it is slow)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=True)
        yield page
        browser.close()


@pytest.fixture
def browser_server(live_server, monkeypatch):
    """The live server, for Chromium: every connection closed after its reply."""
    from django.core.servers.basehttp import ServerHandler

    # Chromium keeps connections alive; a live-server thread serving one would outlive the
    # test and fail on the test database's connection. Close every connection after its reply.
    cleanup_headers = ServerHandler.cleanup_headers

    def close_after_reply(handler):
        cleanup_headers(handler)
        handler.headers["Connection"] = "close"
        handler.request_handler.close_connection = True

    monkeypatch.setattr(ServerHandler, "cleanup_headers", close_after_reply)
    return live_server


@pytest.fixture
def axe_violations(browser_page, browser_server):
    """Open a path on the live server and return axe's serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    live_server = browser_server
    axe = Axe()

    def check(path):
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        results = axe.run(
            browser_page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
            },
        )
        return summarise(
            v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS
        )

    return check


@pytest.fixture
def overflow_at_320px(browser_page, browser_server):
    """How many CSS pixels a page is wider than a 320 px screen (WCAG 1.4.10, reflow): wide
    tables must scroll in their own box, never the whole page."""

    def measure(path):
        browser_page.set_viewport_size({"width": 320, "height": 800})
        try:
            response = browser_page.goto(browser_server.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            return browser_page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
        finally:
            browser_page.set_viewport_size({"width": 1280, "height": 720})  # the default

    return measure
