"""At most so many attempts per address in a window, whoever makes them.

Counts live in Django's cache, a table of the database that every web process shares
(settings.CACHES). Keys hold a hash of the address, never the address itself."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60


def _key(kind, email):
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"apure:throttle:{kind}:{digest}"


def exceeded(kind, email, limit):
    return cache.get(_key(kind, email), 0) >= limit


def record(kind, email):
    key = _key(kind, email)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS)
