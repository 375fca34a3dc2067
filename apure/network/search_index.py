"""News, events and resources in the shared French full-text search."""

from .models import Event, News, Resource, Status


def _is_public(obj):
    return obj.status == Status.PUBLISHED


DOCUMENTS = {
    News: lambda obj: (obj.title, f"{obj.summary} {obj.body}"),
    Event: lambda obj: (obj.title, f"{obj.place} {obj.description}"),
    Resource: lambda obj: (obj.title, f"{obj.get_kind_display()} {obj.summary}"),
}


def register():
    from apure import search

    for model, document in DOCUMENTS.items():
        search.register(model, document=document, is_public=_is_public)


def reindex():
    from apure import search

    for model in DOCUMENTS:
        search.reindex(model)
