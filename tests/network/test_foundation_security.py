"""Accounts: guessing passwords and flooding mailboxes through the login and reset pages."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apure.operations.models import AttemptWindow
from apure.www.accounts.forms import (
    LOGIN_FAILURES_ALL_CLIENTS_LIMIT,
    LOGIN_FAILURES_LIMIT,
    RESET_EMAILS_LIMIT,
)
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


def test_the_counts_live_in_the_database_in_a_window_that_does_not_move(client):
    # A memory cache would count per process: with N processes, N times the limit.
    client.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": "x"})
    windows = list(AttemptWindow.objects.all())
    # For this client, over all clients, and this client's count of accounts tried.
    assert len(windows) == 3
    first_end = {window.key: window.window_ends for window in windows}
    client.post("/compte/connexion/", {"username": "cible@exemple.fr", "password": "x"})
    # The same account again: one more failure on it, no more accounts tried.
    assert sorted(window.count for window in AttemptWindow.objects.all()) == [1, 2, 2]
    for window in AttemptWindow.objects.all():
        assert window.window_ends == first_end[window.key]  # further failures do not extend it


def test_the_lock_ends_with_its_window(client):
    user = UserFactory()
    for _ in range(LOGIN_FAILURES_LIMIT):
        client.post("/compte/connexion/", {"username": user.email, "password": "faux"})
    AttemptWindow.objects.update(window_ends=timezone.now() - timedelta(seconds=1))
    response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


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


def fail_logins(email, times, ip="203.0.113.9", **headers):
    attacker = Client(REMOTE_ADDR=ip, **headers)
    for _ in range(times):
        attacker.post("/compte/connexion/", {"username": email, "password": "devine-123"})


def test_someone_elses_failed_logins_do_not_lock_the_owner_out(client):
    user = UserFactory(email="animation@exemple.fr")
    fail_logins(user.email, LOGIN_FAILURES_LIMIT + 5)
    response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302  # the owner, from another address, logs in


def test_guessing_spread_over_many_machines_still_meets_a_bound(client):
    user = UserFactory()
    owner = Client(REMOTE_ADDR="192.0.2.10")
    owner.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    owner.post(reverse("accounts:logout"))
    for machine in range(LOGIN_FAILURES_ALL_CLIENTS_LIMIT // 5):
        fail_logins(user.email, 5, ip=f"198.51.100.{machine}")
    response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert "Trop de tentatives" in response.content.decode()
    # The browser where the owner logged in before is not held by failures from elsewhere.
    response = owner.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_an_ipv6_host_cannot_escape_the_limit_by_changing_address(client):
    user = UserFactory()
    for host in range(LOGIN_FAILURES_LIMIT):
        fail_logins(user.email, 1, ip=f"2001:db8:0:1::{host + 1:x}")
    response = Client(REMOTE_ADDR="2001:db8:0:1::ffff").post(
        "/compte/connexion/", {"username": user.email, "password": PASSWORD}
    )
    assert "Trop de tentatives" in response.content.decode()


def test_a_new_password_chosen_by_e_mail_lifts_the_limit(client):
    user = UserFactory()
    for _ in range(LOGIN_FAILURES_LIMIT):
        client.post("/compte/connexion/", {"username": user.email, "password": "faux"})
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"http://\S+/compte/mot-de-passe/nouveau/\S+/", mail.outbox[0].body)[0]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "Nouveau-mot-de-passe-2026"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    response = client.post("/compte/connexion/", {"username": user.email, "password": new})
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(client, settings):
    settings.TRUSTED_PROXIES = 1
    user = UserFactory()
    # Every request comes from the proxy (same REMOTE_ADDR); the clients differ.
    fail_logins(user.email, LOGIN_FAILURES_LIMIT, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    owner = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.44")
    response = owner.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    # A client cannot pretend to be someone else by adding its own X-Forwarded-For entries.
    fail_logins(user.email, 1, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.44, 203.0.113.9")
    again = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    response = again.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert "Trop de tentatives" in response.content.decode()
