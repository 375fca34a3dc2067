"""The network's content in the shared French full-text search.

News, events and resources are indexed once published. Every thread of a working group is
indexed, with its replies: the index is only ever queried through a queryset the reader may
see (a group's threads for its members, public questions for everyone)."""

from .models import Event, News, Resource, Status, Thread


def _is_public(obj):
    return obj.status == Status.PUBLISHED


def _thread_document(thread):
    replies = " ".join(thread.replies.values_list("body", flat=True))
    return thread.title, f"{thread.body} {replies}"


PUBLICATIONS = {
    News: lambda obj: (obj.title, f"{obj.summary} {obj.body}"),
    Event: lambda obj: (obj.title, f"{obj.place} {obj.description}"),
    Resource: lambda obj: (obj.title, f"{obj.get_kind_display()} {obj.summary}"),
}


def register():
    from apure import search

    for model, document in PUBLICATIONS.items():
        search.register(model, document=document, is_public=_is_public)
    search.register(Thread, document=_thread_document)


def reindex():
    from apure import search

    for model in (*PUBLICATIONS, Thread):
        search.reindex(model)
