"""An unexpected failure under /api/ still answers JSON, as every other API error does."""

import pytest
from django.test import Client

from apure.observatory import contracts

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_listing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(contracts, "page", broken)


def test_an_unexpected_error_in_the_api_answers_json_with_a_french_detail(
    failing_listing, observatory_store
):
    response = Client(raise_request_exception=False).get("/api/marches/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Erreur inattendue du serveur" in response.json()["detail"]
    assert "panne simulée" not in response.content.decode()  # nothing of the internals
    # The site's pages keep their HTML error page.
    page = Client(raise_request_exception=False).get("/observatoire/marches/")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
