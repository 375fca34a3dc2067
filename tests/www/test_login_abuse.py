"""Logins and password resets: nobody can lock the owner out, spray passwords across accounts,
or learn from the reset page's timing whether an address has an account."""

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import reverse

from apure.www.accounts.forms import (
    LOGIN_ACCOUNTS_PER_CLIENT_LIMIT,
    LOGIN_FAILURES_LIMIT,
    ThrottledPasswordResetForm,
)
from apure.www.accounts.views import PasswordResetView
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/compte/connexion/"
OFFICE = "203.0.113.20"  # one address for everybody: no declared proxy, or an office NAT


def log_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def test_failures_from_the_owners_own_address_do_not_lock_their_known_browser_out():
    owner = UserFactory(email="acheteuse@exemple.fr")
    browser = Client(REMOTE_ADDR=OFFICE)
    assert log_in(browser, owner.email).status_code == 302  # marks this browser as known
    browser.post(reverse("accounts:logout"))
    someone = Client(REMOTE_ADDR=OFFICE)
    for _round in range(2):  # again and again, as often as the attacker likes
        for _ in range(LOGIN_FAILURES_LIMIT + 2):
            log_in(someone, owner.email, "devine-123")
        assert "Trop de tentatives" in log_in(someone, owner.email).content.decode()
        response = log_in(browser, owner.email)
        assert response.status_code == 302
        assert browser.session["_auth_user_id"] == str(owner.pk)
        browser.post(reverse("accounts:logout"))
    # The known browser meets a bound of its own, which only the owner's browsers can fill.
    for _ in range(LOGIN_FAILURES_LIMIT):
        log_in(browser, owner.email, "faute-de-frappe")
    assert "Trop de tentatives" in log_in(browser, owner.email).content.decode()


def test_one_client_cannot_try_passwords_on_many_accounts():
    sprayer = Client(REMOTE_ADDR="198.51.100.66")
    for number in range(LOGIN_ACCOUNTS_PER_CLIENT_LIMIT):
        log_in(sprayer, f"compte{number}@exemple.fr", "Printemps2026!")
    target = UserFactory()
    response = log_in(sprayer, target.email)
    assert response.status_code == 200
    assert "Trop de tentatives de connexion sur des comptes différents" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert "_auth_user_id" not in sprayer.session
    # Another client logs in.
    assert log_in(Client(REMOTE_ADDR="192.0.2.30"), target.email).status_code == 302
    # Mistyping one address again and again counts as one account, not as many.
    colleague = Client(REMOTE_ADDR=OFFICE)
    user = UserFactory()
    for _ in range(LOGIN_FAILURES_LIMIT - 1):
        log_in(colleague, user.email, "faux")
    for number in range(LOGIN_ACCOUNTS_PER_CLIENT_LIMIT - 2):  # with the user's: one below
        log_in(colleague, f"collegue{number}@exemple.fr", "faux")
    assert log_in(colleague, user.email).status_code == 302


def reset_request(email):
    request = RequestFactory().post(reverse("accounts:password_reset"), {"email": email})
    request._dont_enforce_csrf_checks = True
    return PasswordResetView.as_view(
        form_class=ThrottledPasswordResetForm,
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse("accounts:password_reset_done"),
    )(request)


def test_the_reset_answer_is_the_same_for_every_address_and_the_mail_leaves_after_it():
    UserFactory(email="membre@exemple.fr")
    known, unknown = reset_request("membre@exemple.fr"), reset_request("inconnu@exemple.fr")
    assert (known.status_code, known["Location"], known.content) == (
        unknown.status_code,
        unknown["Location"],
        unknown.content,
    )
    # Nothing was looked up or sent while answering: only once the answer has left, when the
    # server closes the response (as the test client does, keeping the test's connection).
    assert mail.outbox == []
    request_finished.disconnect(close_old_connections)
    try:
        unknown.close()
        assert mail.outbox == []
        known.close()
    finally:
        request_finished.connect(close_old_connections)
    assert [message.to for message in mail.outbox] == [["membre@exemple.fr"]]
