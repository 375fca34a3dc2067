from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from apure.operations import throttle

# Enough for someone who mistypes; far too few to guess a password (per client address).
LOGIN_FAILURES_LIMIT = 10
# Over all client addresses: guessing spread over many machines still meets a bound.
LOGIN_FAILURES_ALL_CLIENTS_LIMIT = 100
# Different addresses failed from one client: a few colleagues behind one office network stay
# far below it; trying one password on many accounts (password spraying) meets it.
LOGIN_ACCOUNTS_PER_CLIENT_LIMIT = 20
# The reset form sends e-mails to whatever address is typed: it must not flood a mailbox.
RESET_EMAILS_LIMIT = 3
# Failures made from a browser where the owner already logged in are counted apart: only the
# owner's own browsers hold that signed cookie, so nobody else can fill this count.
KNOWN_DEVICE_SCOPE = "known-device"


THROTTLED_MESSAGE = (
    "Trop de tentatives de connexion pour cette adresse\u00a0: réessayez dans 15 minutes, "
    "ou choisissez un nouveau mot de passe avec « Mot de passe oublié »."
)
ACCOUNTS_THROTTLED_MESSAGE = (
    "Trop de tentatives de connexion sur des comptes différents depuis votre réseau\u00a0: "
    "réessayez dans 15 minutes."
)


def _client(request):
    return throttle.client_scope(request) if request is not None else ""


def login_refusal(request, email) -> str | None:
    """Why a login is refused before its password is checked, in French (None if it is not).

    The owner's own browser (signed cookie, see throttle.known_device) is checked first: the
    failures of others, from the same address (no declared proxy, an office NAT) or from
    anywhere, must not lock the owner out; it meets only its own count."""
    if throttle.known_device(request, email):
        if throttle.exceeded("login", email, LOGIN_FAILURES_LIMIT, scope=KNOWN_DEVICE_SCOPE):
            return THROTTLED_MESSAGE
        return None
    client = _client(request)
    if throttle.exceeded("login-accounts", "", LOGIN_ACCOUNTS_PER_CLIENT_LIMIT, scope=client):
        return ACCOUNTS_THROTTLED_MESSAGE
    if throttle.exceeded("login", email, LOGIN_FAILURES_LIMIT, scope=client):
        return THROTTLED_MESSAGE
    if throttle.exceeded("login", email, LOGIN_FAILURES_ALL_CLIENTS_LIMIT):
        return THROTTLED_MESSAGE
    return None


def record_login_failure(request, email) -> None:
    if throttle.known_device(request, email):
        throttle.record("login", email, scope=KNOWN_DEVICE_SCOPE)
        return
    client = _client(request)
    if throttle.record("login", email, scope=client) == 1:
        # The first failure on this address from this client in its window: one more account.
        throttle.record("login-accounts", "", scope=client)
    throttle.record("login", email)


def clear_login_failures(email, ip) -> None:
    """The owner proved they hold the mailbox (password reset): their counts start again."""
    throttle.clear("login", email, scope=ip)
    throttle.clear("login", email, scope=KNOWN_DEVICE_SCOPE)
    throttle.clear("login", email)


class ThrottledLoginMixin:
    """Refuses an address after too many failed logins, on the site and in the admin."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        # Counted for every address typed, existing or not: the answer reveals no account.
        if username and (refusal := login_refusal(self.request, username)):
            raise ValidationError(refusal, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            if username:
                record_login_failure(self.request, username)
            raise


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé. Contactez l'animation du réseau.",
    }

    def clean(self):
        # Accounts are stored with lower-case addresses; people type them as they like.
        if self.data.get("username"):
            self.cleaned_data["username"] = self.cleaned_data.get("username", "").strip().lower()
        return super().clean()


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login page, with the same limit as the site's."""


class ThrottledPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Adresse e-mail"  # as on every other form of the site

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):  # fmt: skip
        if throttle.exceeded("password-reset", to_email, RESET_EMAILS_LIMIT):
            return
        throttle.record("password-reset", to_email)
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )

    def save(self, *args, **kwargs):
        """Prepares the sending without doing it: `send_prepared` does it, which the view runs
        once its answer has left (see views.PasswordResetView)."""
        # Links in e-mails come from the configured public address, never from the request's
        # Host header, which a client chooses.
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        self._prepared = partial(super().save, *args, **kwargs)

    def send_prepared(self):
        """Looks the address up and sends the e-mail if it has an account (within the limit)."""
        self._prepared()
