"""Facilitators invite people: an account is created and its owner chooses the password.

The e-mailed link is a password-reset link (Django's token: single use, expires after
PASSWORD_RESET_TIMEOUT). The account starts with a random password nobody knows, usable so
that « Mot de passe oublié » also works if the invitation is lost."""

import secrets
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Role, User
from .roles import give_role


class InvitationError(Exception):
    """Why an invitation cannot be made, in French."""


def roles_granted_by(user) -> list[tuple[str, str]]:
    """Roles `user` may give: facilitators invite members, administrators anyone."""
    if user.is_administrator:
        return list(Role.choices)
    if user.is_facilitator:
        return [(Role.MEMBER, Role.MEMBER.label)]
    return []


def invite(*, email, first_name, last_name, organisation, role, job_title="", invited_by) -> User:
    if role not in dict(roles_granted_by(invited_by)):
        raise InvitationError("Vous ne pouvez pas donner ce rôle.")
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise InvitationError(f"Un compte existe déjà pour l'adresse {email}.")
        user = User.objects.create_user(
            email=email,
            password=secrets.token_urlsafe(32),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            organisation=organisation,
            job_title=job_title.strip(),
        )
        give_role(user, role)
        # Inside the transaction: if the e-mail cannot be sent, no account is left behind
        # that a second try would find « already existing ».
        try:
            _send(user, invited_by)
        except (smtplib.SMTPException, OSError) as error:
            raise InvitationError(
                "L'e-mail d'invitation n'a pas pu être envoyé\u00a0: aucun compte n'est créé. "
                "Réessayez plus tard."
            ) from error
    return user


def _send(user, invited_by):
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": settings.SITE_URL.rstrip("/") + link,
        "site": urlsplit(settings.SITE_URL).netloc,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    send_mail(
        "Votre compte sur apure, la plateforme du réseau APuRe",
        render_to_string("members/email/invitation.txt", context),
        None,
        [user.email],
    )
