"""Accounts: guessing passwords and flooding mailboxes through the login and reset pages."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from apure.www.accounts.forms import LOGIN_FAILURES_LIMIT, RESET_EMAILS_LIMIT
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("url", ["/compte/connexion/", "/admin/login/"])
def test_too_many_wrong_passwords_lock_the_address_for_a_while(client, url):
    user = UserFactory(email="cible@exemple.fr", is_staff=True, is_superuser=True)
    for _ in range(LOGIN_FAILURES_LIMIT):
        client.post(url, {"username": user.email, "password": "devine-123"})
    response = client.post(url, {"username": user.email, "password": PASSWORD})
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Unknown addresses get the same answer: the lock reveals nothing about accounts.
    for _ in range(LOGIN_FAILURES_LIMIT):
        client.post(url, {"username": "absent@exemple.fr", "password": "x"})
    response = client.post(url, {"username": "absent@exemple.fr", "password": "x"})
    assert "Trop de tentatives" in response.content.decode()


def test_the_counts_live_in_the_database_every_web_process_shares(client):
    # A memory cache would count per process: with N processes, N times the limit.
    client.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": "x"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM apure_cache WHERE cache_key LIKE %s", ["%throttle%"])
        assert cursor.fetchone()[0] == 1


def test_a_right_password_within_the_limit_still_logs_in(client):
    user = UserFactory()
    for _ in range(LOGIN_FAILURES_LIMIT - 1):
        client.post("/compte/connexion/", {"username": user.email, "password": "faux"})
    response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_reset_page_cannot_flood_a_mailbox_and_answers_the_same_for_everyone(client):
    UserFactory(email="membre@exemple.fr")
    url = reverse("accounts:password_reset")
    for _ in range(RESET_EMAILS_LIMIT + 5):
        known = client.post(url, {"email": "membre@exemple.fr"})
        unknown = client.post(url, {"email": "inconnu@exemple.fr"})
        assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == RESET_EMAILS_LIMIT
