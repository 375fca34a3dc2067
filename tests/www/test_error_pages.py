"""Error pages speak French and keep the site's navigation."""

import pytest
from django.test import Client, RequestFactory

from apure.www.pages.errors import server_error
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_a_french_page_with_ways_out(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html and 'href="/observatoire/"' in html


def test_a_refused_page_says_why_in_french(client):
    user = UserFactory()
    client.login(email=user.email, password=PASSWORD)
    response = client.get("/reseau/moderation/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html
    assert "animat" in html  # the refusal message of the code, not a bare "403 Forbidden"


def test_a_form_sent_without_its_security_token_explains_what_to_do():
    response = Client(enforce_csrf_checks=True).post("/compte/connexion/", {"username": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "rechargez-la" in html and "INVALID_TEMPLATE_VARIABLE" not in html


def test_a_server_error_page_keeps_the_layout_without_context_processors():
    response = server_error(RequestFactory().get("/observatoire/x/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html and ">Observatoire</a>" in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html


@pytest.mark.parametrize("path", ["/cette-page-n-existe-pas/", "/reseau/moderation/"])
def test_error_pages_leave_no_template_variable_unresolved(client, path):
    assert "INVALID_TEMPLATE_VARIABLE" not in client.get(path).content.decode()
