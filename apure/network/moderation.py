"""Facilitators review what members propose: approve to publish, or reject with a message."""

import logging
import smtplib

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apure.organisations.models import Role, User
from apure.organisations.permissions import is_facilitator

from .mail import absolute_url, send_templated
from .models import News, Resource, Status

MODERATED_MODELS = (News, Resource)
logger = logging.getLogger(__name__)


def queue():
    """Everything waiting for a facilitator, oldest first."""
    items = [
        item
        for model in MODERATED_MODELS
        # The queue names who proposed each item: fetched with it, not one query per row.
        for item in model.objects.proposed().select_related("proposed_by")
    ]
    return sorted(items, key=lambda item: item.created_at)


def full_text(item):
    """The whole text a facilitator reads before deciding (Markdown), not an excerpt."""
    if isinstance(item, News):
        return f"{item.summary}\n\n{item.body}"
    return item.summary


def propose(item, user):
    """Put a member's item in the queue and tell the facilitators, who would not look otherwise."""
    item.status = Status.PROPOSED
    item.proposed_by = user
    item.save()
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "author": user,
        "queue_url": absolute_url(reverse("network:moderation")),
    }
    # Once the proposal is committed: a rolled-back proposal is announced to nobody.
    transaction.on_commit(lambda: _tell_facilitators(context))
    return item


def _tell_facilitators(context):
    """The proposal is saved by now: a mail failure is logged, not shown to the member as an
    error page (which would make them propose again and create a duplicate). It still waits in
    the queue that facilitators see in their space."""
    for address in facilitator_addresses():
        # One message each: facilitators' addresses are not handed to one another.
        try:
            send_templated("proposal_received", context, [address])
        except (smtplib.SMTPException, OSError):
            logger.exception(
                "Proposal %s: the e-mail to facilitator %s could not be sent",
                context["item"],
                address,
            )


def facilitator_addresses():
    """Who reviews proposals: active people with the facilitator or administrator role."""
    facilitators = User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.FACILITATOR, Role.ADMINISTRATOR]) | Q(is_superuser=True)
    )
    return list(facilitators.exclude(email="").order_by("email").values_list("email", flat=True))


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
        "space_url": absolute_url(reverse("members:space")),
        "edit_url": absolute_url(item.get_edit_url()),
    }
    send_templated(template, context, [item.proposed_by.email])
