"""Headless Chromium + axe-core for accessibility checks of rendered pages.

The browser is Debian's `chromium` (installed by `make browser`); Playwright only drives it.
Without a browser the checks are skipped, except in CI (APURE_REQUIRE_BROWSER=1) where they fail.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("APURE_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium est requis pour les tests d'accessibilité (make browser).")
    pytest.skip("Chromium absent : tests d'accessibilité ignorés (make browser).")


def summarise(violations):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    ]
