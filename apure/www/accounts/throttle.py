"""At most so many attempts per address in a fixed window.

Counts are rows of the database (AttemptWindow), shared by every web process; one UPDATE adds
an attempt, so parallel requests cannot lose counts, and the window does not move with each
attempt: it ends WINDOW_SECONDS after the first one.

Failed logins are counted per address *and per client*: the one who mistypes (or guesses) is
stopped, while the account's owner, elsewhere, can still log in. A much higher count over all
clients bounds guessing spread over many machines; a browser where the owner already logged
in (signed cookie, see known_device) is not held by that global count, so that nobody can lock
the owner out by spreading failures over many addresses."""

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


def _key(kind, email, scope=""):
    return hashlib.sha256(f"{kind}|{email.strip().lower()}|{scope}".encode()).hexdigest()


def exceeded(kind, email, limit, scope=""):
    return AttemptWindow.objects.filter(
        key=_key(kind, email, scope), window_ends__gt=timezone.now(), count__gte=limit
    ).exists()


def record(kind, email, scope=""):
    key, now = _key(kind, email, scope), timezone.now()
    if AttemptWindow.objects.filter(key=key, window_ends__gt=now).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            AttemptWindow.objects.filter(key=key).delete()  # a window that has ended
            AttemptWindow.objects.create(
                key=key, count=1, window_ends=now + timedelta(seconds=WINDOW_SECONDS)
            )
    except IntegrityError:  # a parallel request opened the window first
        AttemptWindow.objects.filter(key=key).update(count=F("count") + 1)
    # Opening a window is rare: the moment to forget the windows of yesterday.
    AttemptWindow.objects.filter(window_ends__lt=now - timedelta(days=1)).delete()


def clear(kind, email, scope=""):
    AttemptWindow.objects.filter(key=_key(kind, email, scope)).delete()


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
