"""The network's content in the shared French full-text search.

News, events and resources are indexed once published. Every thread of a working group is
indexed, with its replies, and every group document with the text of its latest version: the
index is only ever queried through a queryset the reader may see (a group's threads and
documents for its members, public questions and public documents for everyone)."""

from .models import Event, GroupDocument, News, Resource, Status, Thread


def _is_public(obj):
    return obj.status == Status.PUBLISHED


def _thread_document(thread):
    replies = " ".join(thread.replies.values_list("body", flat=True))
    return thread.title, f"{thread.body} {replies}"


def _document_document(document):
    """Title, then every version's note and the latest file's words (earlier files may say
    what the group has since corrected)."""
    versions = list(document.versions.order_by("-number").values_list("note", "text"))
    notes = " ".join(note for note, _text in versions)
    latest_text = versions[0][1] if versions else ""
    return document.title, f"{document.get_kind_display()} {notes} {latest_text}"


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
    search.register(GroupDocument, document=_document_document)


def reindex():
    from apure import search

    for model in (*PUBLICATIONS, Thread, GroupDocument):
        search.reindex(model)
