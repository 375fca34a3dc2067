"""Facilitators review what members propose: approve to publish, or reject with a message."""

from django.utils import timezone

from apure.organisations.permissions import is_facilitator

from .mail import absolute_url, send_templated
from .models import News, Resource, Status

MODERATED_MODELS = (News, Resource)


def queue():
    """Everything waiting for a facilitator, oldest first."""
    items = [item for model in MODERATED_MODELS for item in model.objects.proposed()]
    return sorted(items, key=lambda item: item.created_at)


def propose(item, user):
    item.status = Status.PROPOSED
    item.proposed_by = user
    item.save()
    return item


def _check(user):
    if not is_facilitator(user):
        raise PermissionError("Seule l'animation du réseau peut valider une proposition.")


def approve(item, user):
    _check(user)
    item.status = Status.PUBLISHED
    item.published_at = timezone.now()
    item.reviewed_by = user
    item.reviewed_at = timezone.now()
    item.save()
    _notify(item, "proposal_approved")
    return item


def reject(item, user, message):
    _check(user)
    item.status = Status.REJECTED
    item.reviewed_by = user
    item.reviewed_at = timezone.now()
    item.review_message = message
    item.save()
    _notify(item, "proposal_rejected")
    return item


def _notify(item, template):
    if item.proposed_by is None or not item.proposed_by.email:
        return
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "url": absolute_url(item.get_absolute_url()),
    }
    send_templated(template, context, [item.proposed_by.email])
