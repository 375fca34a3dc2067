import importlib
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_permissions_policy(client):
    response = client.get("/")

    policy = dict(
        directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_have_nothing_the_policy_would_block():
    """script-src and style-src stay 'self': no inline script, <style> or on*= handler."""
    offending = []
    for template in sorted((REPO / "apure").rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, STYLE_ELEMENT, EVENT_HANDLER):
            if pattern.search(text):
                offending.append(f"{template.relative_to(REPO)}: {pattern.pattern}")
    assert offending == []


PRODUCTION_MODULES = ("config.settings.base", "config.settings.prod")


def production_settings(monkeypatch, **environment):
    monkeypatch.setenv("SECRET_KEY", "k" * 60)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # Settings modules read the environment when imported: import them afresh, then put the
    # running ones back.
    saved = {name: sys.modules.pop(name, None) for name in PRODUCTION_MODULES}
    try:
        return importlib.import_module("config.settings.prod")
    finally:
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module


def test_hsts_subdomains_and_preload_are_off_unless_the_operator_opts_in(monkeypatch):
    monkeypatch.delenv("APURE_HSTS_INCLUDE_SUBDOMAINS", raising=False)
    monkeypatch.delenv("APURE_HSTS_PRELOAD", raising=False)
    default = production_settings(monkeypatch)
    assert default.SECURE_HSTS_SECONDS > 0
    assert not default.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert not default.SECURE_HSTS_PRELOAD

    opted_in = production_settings(
        monkeypatch, APURE_HSTS_INCLUDE_SUBDOMAINS="true", APURE_HSTS_PRELOAD="true"
    )
    assert opted_in.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert opted_in.SECURE_HSTS_PRELOAD
    # Nothing left silenced once both are on: check --deploy sees the real configuration.
    assert opted_in.SILENCED_SYSTEM_CHECKS == []
