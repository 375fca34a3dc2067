"""Working-group workspaces: questions, answers, the best answer, public answers, documents.

Views check permissions (apure.organisations.permissions) and call these functions."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apure import search

from . import notifications
from .models import Attachment, DocumentVersion, GroupDocument, Reply, Thread
from .textextract import extract_text
from .uploads import check_attachment, check_document

# How many files one question or reply may carry (each checked from its bytes).
MAX_ATTACHMENTS = 3


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose real format was read from its bytes (it is renamed after it)."""

    file: object
    file_format: str
    original_name: str
    alt_text: str = ""


def check_attachment_file(uploaded, alt_text=""):
    """The file checked (French ValidationError otherwise), its name as typed kept for show."""
    original_name = uploaded.name[:200]
    return CheckedFile(uploaded, check_attachment(uploaded), original_name, alt_text.strip())


def check_version_file(uploaded):
    original_name = uploaded.name[:200]
    return CheckedFile(uploaded, check_document(uploaded), original_name)


def _attach(files, **owner):
    for checked in files:
        Attachment.objects.create(
            file=checked.file,
            file_format=checked.file_format,
            original_name=checked.original_name,
            alt_text=checked.alt_text,
            **owner,
        )


def ask(group, author, *, title, body, segments=(), themes=(), files=()):
    """A new question in the group; the group's members are told by e-mail."""
    with transaction.atomic():
        thread = Thread.objects.create(group=group, author=author, title=title, body=body)
        thread.segments.set(segments)
        thread.themes.set(themes)
        _attach(files, thread=thread)
        transaction.on_commit(lambda: notifications.new_thread(thread))
    return thread


def answer(thread, author, *, body, files=()):
    """A reply; the thread moves to the top of its group and its asker is told by e-mail."""
    with transaction.atomic():
        reply = Reply.objects.create(thread=thread, author=author, body=body)
        _attach(files, reply=reply)
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=reply.created_at)
        transaction.on_commit(lambda: notifications.new_reply(reply))
    search.refresh(thread)  # the replies are part of what a search finds
    return reply


def _remove_attachments(post, removed):
    """Delete the chosen attachments of this message only (and their files)."""
    for attachment in post.attachments.filter(pk__in=[a.pk for a in removed]):
        attachment.file.delete(save=False)
        attachment.delete()


def edit_thread(thread, editor, *, title, body, segments, themes, files=(), removed=()):
    """The author corrects the question (or a facilitator moderates it); the page then says
    « modifiée le … ». Replies and the best answer stay."""
    with transaction.atomic():
        thread.title, thread.body = title, body
        thread.edited_at, thread.edited_by = timezone.now(), editor
        thread.save(update_fields=["title", "body", "edited_at", "edited_by"])
        thread.segments.set(segments)
        thread.themes.set(themes)
        _remove_attachments(thread, removed)
        _attach(files, thread=thread)
    return thread


def edit_reply(reply, editor, *, body, files=(), removed=()):
    with transaction.atomic():
        reply.body = body
        reply.edited_at, reply.edited_by = timezone.now(), editor
        reply.save(update_fields=["body", "edited_at", "edited_by"])
        _remove_attachments(reply, removed)
        _attach(files, reply=reply)
    search.refresh(reply.thread)  # the reply's words are part of its thread's entry
    return reply


def mark_best_reply(thread, reply):
    if reply.thread_id != thread.pk:
        raise ValueError("This reply belongs to another thread.")
    thread.best_reply = reply
    thread.save(update_fields=["best_reply"])


def make_public(thread, facilitator):
    thread.made_public_at = timezone.now()
    thread.made_public_by = facilitator
    thread.save(update_fields=["made_public_at", "made_public_by"])


def withdraw_public(thread):
    thread.made_public_at = None
    thread.made_public_by = None
    thread.save(update_fields=["made_public_at", "made_public_by"])


def search_threads(queryset, q):
    """The threads of `queryset` whose question or replies match the words, best first."""
    return search.objects(q, queryset)


# Documents ------------------------------------------------------------------------------------


def add_document(group, user, *, title, kind, visibility, event, file, note=""):
    with transaction.atomic():
        document = GroupDocument.objects.create(
            group=group, title=title, kind=kind, visibility=visibility, event=event,
            created_by=user,
        )  # fmt: skip
        add_version(document, user, file=file, note=note)
    return document


def add_version(document, user, *, file, note=""):
    """The next version of the document (`file` a CheckedFile); earlier ones stay
    downloadable."""
    with transaction.atomic():
        # Locking the document serialises two uploads of the same document.
        GroupDocument.objects.select_for_update().filter(pk=document.pk).first()
        last = document.versions.order_by("-number").values_list("number", flat=True).first()
        version = DocumentVersion.objects.create(
            document=document, number=(last or 0) + 1, file=file.file,
            file_format=file.file_format,
            text=extract_text(file.file, file.file_format),
            note=note, uploaded_by=user,
        )  # fmt: skip
    search.refresh(document)  # a search finds the words of the latest version
    return version


def search_documents(queryset, q):
    """The documents of `queryset` (already restricted to what the reader may open) whose
    title, notes or latest file's text match the words, best first; all of them without words."""
    return search.objects(q, queryset) if q.strip() else queryset
