from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from . import throttle

# Enough for someone who mistypes; far too few to guess a password (per client address).
LOGIN_FAILURES_LIMIT = 10
# Over all client addresses: guessing spread over many machines still meets a bound.
LOGIN_FAILURES_ALL_CLIENTS_LIMIT = 100
# The reset form sends e-mails to whatever address is typed: it must not flood a mailbox.
RESET_EMAILS_LIMIT = 3


THROTTLED_MESSAGE = (
    "Trop de tentatives de connexion pour cette adresse : réessayez dans 15 minutes, "
    "ou choisissez un nouveau mot de passe avec « Mot de passe oublié »."
)


def login_throttled(request, email) -> bool:
    scope = throttle.client_scope(request) if request is not None else ""
    if throttle.exceeded("login", email, LOGIN_FAILURES_LIMIT, scope=scope):
        return True
    # The owner's own browser is not held by failures made from elsewhere.
    return not throttle.known_device(request, email) and throttle.exceeded(
        "login", email, LOGIN_FAILURES_ALL_CLIENTS_LIMIT
    )


def clear_login_failures(email, ip) -> None:
    """The owner proved they hold the mailbox (password reset): their counts start again."""
    throttle.clear("login", email, scope=ip)
    throttle.clear("login", email)


class ThrottledLoginMixin:
    """Refuses an address after too many failed logins, on the site and in the admin."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        # Counted for every address typed, existing or not: the answer reveals no account.
        if username and login_throttled(self.request, username):
            raise ValidationError(THROTTLED_MESSAGE, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            if username:
                scope = throttle.client_scope(self.request) if self.request is not None else ""
                throttle.record("login", username, scope=scope)
                throttle.record("login", username)
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
        # Links in e-mails come from the configured public address, never from the request's
        # Host header, which a client chooses.
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        return super().save(*args, **kwargs)
