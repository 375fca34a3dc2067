"""At most so many attempts per address in a window.

Counts live in Django's cache, a table of the database that every web process shares
(settings.CACHES). Keys hold a hash of the address, never the address itself.

Failed logins are counted per address *and per client address*: the one who mistypes (or
guesses) is stopped, while the account's owner, elsewhere, can still log in, so that nobody
can lock someone else out by typing their address. A much higher count over all clients
bounds guessing spread over many machines."""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60


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


def _key(kind, email, scope=""):
    digest = hashlib.sha256(f"{email.strip().lower()}|{scope}".encode()).hexdigest()
    return f"apure:throttle:{kind}:{digest}"


def exceeded(kind, email, limit, scope=""):
    return cache.get(_key(kind, email, scope), 0) >= limit


def record(kind, email, scope=""):
    key = _key(kind, email, scope)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS)


def clear(kind, email, scope=""):
    cache.delete(_key(kind, email, scope))
