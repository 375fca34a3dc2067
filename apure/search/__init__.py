"""French full-text search, identical on SQLite and PostgreSQL.

The public API is re-exported here lazily: Django imports this package before the app
registry is ready, so the model-touching modules load on first use.
"""

from .text import normalise


def register(model, document, is_public=None):
    from .index import register as _register

    _register(model, document, is_public)


def reindex(model):
    from .index import reindex as _reindex

    return _reindex(model)


def query(text, models):
    from .ranking import query as _query

    return _query(text, models)


def objects(text, queryset):
    from .ranking import objects as _objects

    return _objects(text, queryset)


__all__ = ["normalise", "objects", "query", "register", "reindex"]
