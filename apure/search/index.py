"""Keeping the index in step with the registered models."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import SearchEntry, SearchTerm
from .text import as_document


@dataclass(frozen=True)
class Registration:
    document: Callable
    is_public: Callable | None


_registry: dict[type, Registration] = {}


def register(model, document, is_public=None):
    """Index `model` on save, unindex on delete. `document(obj)` returns (title, body)."""
    _registry[model] = Registration(document, is_public)
    post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-del-{model._meta.label}")


def unregister(model):
    _registry.pop(model, None)
    post_save.disconnect(sender=model, dispatch_uid=f"search-save-{model._meta.label}")
    post_delete.disconnect(sender=model, dispatch_uid=f"search-del-{model._meta.label}")


def registered_models():
    return list(_registry)


def _entry_fields(obj, registration):
    title, body = registration.document(obj)
    return as_document(title or ""), as_document(body or "")


def _remember_terms(*documents):
    terms = {term for document in documents for term in document.split()}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term[:100]) for term in terms], ignore_conflicts=True, batch_size=1000
    )


def index_object(obj):
    registration = _registry[type(obj)]
    content_type = ContentType.objects.get_for_model(obj)
    if registration.is_public is not None and not registration.is_public(obj):
        SearchEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk)).delete()
        return
    title, body = _entry_fields(obj, registration)
    SearchEntry.objects.update_or_create(
        content_type=content_type, object_pk=str(obj.pk), defaults={"title": title, "body": body}
    )
    _remember_terms(title, body)


def unindex_object(obj):
    content_type = ContentType.objects.get_for_model(obj)
    SearchEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk)).delete()


@transaction.atomic
def reindex(model):
    """Rebuild the entries of one model from scratch (after bulk loads, which skip signals)."""
    registration = _registry[model]
    content_type = ContentType.objects.get_for_model(model)
    SearchEntry.objects.filter(content_type=content_type).delete()
    entries = []
    for obj in model._default_manager.all().iterator(chunk_size=500):
        if registration.is_public is not None and not registration.is_public(obj):
            continue
        title, body = _entry_fields(obj, registration)
        entries.append(
            SearchEntry(content_type=content_type, object_pk=str(obj.pk), title=title, body=body)
        )
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    _remember_terms(*(e.title for e in entries), *(e.body for e in entries))
    return len(entries)


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


def _on_delete(sender, instance, **kwargs):
    unindex_object(instance)
