"""What an API client notices: links that keep the filters, pagination that ends, JSON errors."""

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db


def test_indicator_links_keep_the_filters(client, observatory_store):
    listing = client.get("/api/indicateurs/?region=32&annee=2024").json()
    for indicator in listing["indicators"]:
        url = urlsplit(indicator["url"])
        assert parse_qs(url.query) == {"region": ["32"], "annee": ["2024"]}
    followed = client.get(listing["indicators"][0]["url"]).json()
    assert followed["filters"]["region"] == "32"
    assert followed["filters"]["annee"] == [2024]
    assert followed["data"]["contracts"] == listing["contracts"]


def test_indicator_links_without_filters_have_no_query(client, observatory_store):
    listing = client.get("/api/indicateurs/").json()
    assert all("?" not in indicator["url"] for indicator in listing["indicators"])


def test_a_page_beyond_the_last_is_empty(client, observatory_store):
    last = client.get("/api/marches/?taille=5").json()["pages"]
    beyond = client.get(f"/api/marches/?taille=5&page={last + 1}")
    assert beyond.status_code == 200
    data = beyond.json()
    assert data["results"] == []
    assert data["page"] == last + 1
    assert data["next"] is None
    assert parse_qs(urlsplit(data["previous"]).query)["page"] == [str(last)]
    assert client.get("/api/marches/?page=99999").json()["results"] == []


def test_following_next_visits_every_contract_once(client, observatory_store):
    url, seen = "/api/marches/?taille=4&type=marche", []
    first = client.get(url).json()
    assert first["previous"] is None
    while url:
        data = client.get(url).json()
        seen += [row["uid"] for row in data["results"]]
        url = data["next"]
        if url:
            assert url.startswith("http://testserver/api/marches/?")
            assert parse_qs(urlsplit(url).query)["type"] == ["marche"]
            assert parse_qs(urlsplit(url).query)["taille"] == ["4"]
    assert len(seen) == len(set(seen)) == first["count"]


@pytest.mark.parametrize("url", ["/api/", "/api/nope/", "/api/indicateurs/a/b/c/", "/api/nope"])
def test_unknown_paths_answer_json_404_but_the_index_exists(client, observatory_store, url):
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    if url == "/api/":
        assert response.status_code == 200
        index = response.json()
        assert index["openapi"] == "http://testserver/api/openapi.json"
        urls = {endpoint["url"] for endpoint in index["endpoints"]}
        assert "http://testserver/api/marches/" in urls
        assert "http://testserver/api/acheteurs/{siret}/" in urls
    else:
        assert response.status_code == 404
        assert response.json()["detail"].startswith("Adresse inconnue")


def test_a_missing_final_slash_still_redirects(client, observatory_store):
    response = client.get("/api/marches?taille=3")
    assert response.status_code == 301
    assert response["Location"] == "/api/marches/?taille=3"


READ_ONLY_URLS = ["/api/", "/api/marches/", "/api/indicateurs/part_sociale/",
                  "/api/acheteurs/20005374200014/", "/api/openapi.json"]  # fmt: skip


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("url", READ_ONLY_URLS)
def test_writes_are_refused_in_json_not_by_the_csrf_page(observatory_store, method, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["detail"].startswith("Méthode non autorisée")


def test_a_malformed_siret_is_a_400(client, observatory_store):
    response = client.get("/api/acheteurs/123/")
    assert response.status_code == 400
    assert "un SIRET compte 14 chiffres" in response.json()["detail"]
    unknown = client.get("/api/acheteurs/99999999999999/")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Aucun contrat pour cet acheteur."}
