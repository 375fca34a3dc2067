"""French full-text search, identical on SQLite and PostgreSQL.

The public API is re-exported here lazily: Django imports this package before the app
registry is ready, so the model-touching modules load on first use.
"""

from .text import normalise


def register(model, document, is_public=None):
    from .index import register as _register

    _register(model, document, is_public)


def refresh(obj):
    """Re-index one object, e.g. after its many-to-many relations changed (no post_save then)."""
    from .index import index_object

    index_object(obj)


def reindex(model):
    from .index import reindex as _reindex

    return _reindex(model)


def query(text, models):
    from .ranking import query as _query

    return _query(text, models)


def objects(text, queryset):
    from .ranking import objects as _objects

    return _objects(text, queryset)


__all__ = ["normalise", "objects", "query", "refresh", "register", "reindex"]
