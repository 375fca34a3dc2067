"""The site's one rate limit: at most so many attempts per subject (an address, or nothing)
and per client in a fixed window. Logins, password resets, visitor registrations to events and
newsletter sign-ups all count here.

Counts are rows of the database (AttemptWindow), shared by every web process; one UPDATE adds
an attempt, so parallel requests cannot lose counts, and the window does not move with each
attempt: it ends WINDOW_SECONDS after the first one.

Failed logins (apure/www/accounts/forms.py) are counted per address *and per client*: the one who
mistypes (or guesses) is stopped, while the account's owner, elsewhere, can still log in. A much
higher count over all clients bounds guessing spread over many machines, and a count of the
addresses tried from one client bounds one password tried on many accounts. A browser where the
owner already logged in (signed cookie, see known_device) is checked first and held by none of
these, only by a count of its own: nobody can lock the owner out, even from the same address."""

import hashlib
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import AttemptWindow

WINDOW_SECONDS = 15 * 60
DEVICE_COOKIE = "apure_appareil"
DEVICE_SALT = "apure.accounts.known-device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def client_ip(request) -> str:
    """The client's address. Behind N trusted reverse proxies (APURE_TRUSTED_PROXIES), the
    Nth address from the right of X-Forwarded-For: those on its left are the client's word."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_scope(request) -> str:
    """The client as counted: its IPv4 address, or its IPv6 /64 network (one host easily has
    a whole /64 of addresses)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def _key(kind, subject, scope=""):
    return hashlib.sha256(f"{kind}|{subject.strip().lower()}|{scope}".encode()).hexdigest()


def exceeded(kind, subject, limit, scope=""):
    """Whether `limit` attempts are already counted in the current window."""
    return AttemptWindow.objects.filter(
        key=_key(kind, subject, scope), window_ends__gt=timezone.now(), count__gte=limit
    ).exists()


def record(kind, subject, scope="") -> int:
    """Count one attempt; returns the window's count with it (1: this attempt opened it)."""
    key, now = _key(kind, subject, scope), timezone.now()
    current = AttemptWindow.objects.filter(key=key, window_ends__gt=now)
    if current.update(count=F("count") + 1):
        return current.values_list("count", flat=True).first() or 1
    try:
        with transaction.atomic():
            AttemptWindow.objects.filter(key=key).delete()  # a window that has ended
            AttemptWindow.objects.create(
                key=key, count=1, window_ends=now + timedelta(seconds=WINDOW_SECONDS)
            )
    except IntegrityError:  # a parallel request opened the window first
        AttemptWindow.objects.filter(key=key).update(count=F("count") + 1)
        return AttemptWindow.objects.filter(key=key).values_list("count", flat=True).first() or 1
    # Opening a window is rare: the moment to forget the windows of yesterday.
    AttemptWindow.objects.filter(window_ends__lt=now - timedelta(days=1)).delete()
    return 1


def allow(kind, subject, limit, scope="") -> bool:
    """Count this attempt and say whether it is within `limit` for the window. Refused attempts
    count too: hammering does not shorten the wait, and the window still ends on time."""
    return record(kind, subject, scope) <= limit


def allow_client(request, kind, limit) -> bool:
    """`allow` per client (its address or IPv6 network, see client_scope)."""
    return allow(kind, "", limit, scope=client_scope(request))


def clear(kind, subject, scope=""):
    AttemptWindow.objects.filter(key=_key(kind, subject, scope)).delete()


def remember_device(response, email) -> None:
    """After a successful login: this browser is the owner's (signed, per address)."""
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(_key("device", email), salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def known_device(request, email) -> bool:
    value = request.COOKIES.get(DEVICE_COOKIE) if request is not None else None
    if not value:
        return False
    try:
        return signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE) == _key(
            "device", email
        )
    except signing.BadSignature:
        return False
