"""E-mails about the group workspaces: a new question, a reply to my question, the weekly digest.

Messages are written into the outbox (`Notification`) when the event happens, under a key that
makes queuing twice harmless, then sent by the batch sender the newsletter uses (outbox.py):
a web request sends one batch, `apure network_notify` (cron) sends the rest and resumes after
a failure without sending anything twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import outbox
from .mail import absolute_url, one_line
from .models import (
    DeliveryStatus,
    Notification,
    NotificationKind,
    NotificationSettings,
    Thread,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "apure.network.notifications.unsubscribe"
DIGEST_PERIOD = timedelta(days=7)
RESUME_COMMAND = "network_notify"


class NotificationError(Exception):
    """A French reason shown to the person."""


# Preferences ----------------------------------------------------------------------------------


def settings_for(user):
    return NotificationSettings.objects.get_or_create(user=user)[0]


def unsubscribe_url(user, kind):
    # The token names the account and the kind of e-mail, never the address (URLs reach logs).
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{user.pk}.{kind}")
    return absolute_url(reverse("network:notifications_unsubscribe", args=[token]))


def read_unsubscribe_token(token):
    """(user, kind) an unsubscribe link stands for; a French error if it is not valid."""
    try:
        user_pk, kind = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token).split(".")
    except (signing.BadSignature, ValueError) as error:
        raise NotificationError("Ce lien de désinscription n'est pas valide.") from error
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or kind not in NotificationKind.values:
        raise NotificationError("Ce lien de désinscription n'est plus valable.")
    return user, NotificationKind(kind)


def unsubscribe(token):
    """Stop one kind of e-mail for the link's owner; return the kind stopped."""
    user, kind = read_unsubscribe_token(token)
    preferences = settings_for(user)
    setattr(preferences, kind.value, False)
    preferences.save(update_fields=[kind.value])
    return kind


def _wanting(users, kind):
    """The active people among `users` who did not switch `kind` off (defaults count)."""
    users = users.filter(is_active=True).order_by("pk")  # the outbox's order, on every database
    if NotificationSettings._meta.get_field(kind.value).default:
        return users.exclude(**{f"network_notifications__{kind.value}": False})
    return users.filter(**{f"network_notifications__{kind.value}": True})


# Queuing --------------------------------------------------------------------------------------


def _queue(kind, recipients, key, template, context):
    """One outbox row per recipient; a row already queued under the same key is kept as is.
    Return how many rows were added."""
    recipients = list(recipients)
    keys = {recipient.pk: f"{key}:{recipient.pk}" for recipient in recipients}
    queued = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    rows = []
    for recipient in recipients:
        if keys[recipient.pk] in queued:
            continue
        full_context = {
            **context,
            "recipient": recipient,
            "unsubscribe_url": unsubscribe_url(recipient, kind),
            "settings_url": absolute_url(reverse("network:notification_settings")),
        }
        rows.append(
            Notification(
                key=keys[recipient.pk],
                recipient=recipient,
                kind=kind,
                subject=one_line(
                    render_to_string(f"network/email/{template}_subject.txt", full_context)
                )[:250],
                body=render_to_string(f"network/email/{template}.txt", full_context),
            )
        )
    # Two requests racing on the same event: the unique key keeps one row.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def new_thread(thread):
    others = thread.group.members.exclude(pk=thread.author_id)
    recipients = _wanting(others, NotificationKind.NEW_THREAD)
    _queue(
        NotificationKind.NEW_THREAD,
        recipients,
        f"thread:{thread.pk}",
        "notify_new_thread",
        {"thread": thread, "thread_url": absolute_url(thread.get_absolute_url())},
    )
    send_soon()


def new_reply(reply):
    thread = reply.thread
    if thread.author_id is None or thread.author_id == reply.author_id:
        return
    User = get_user_model()
    recipients = _wanting(User.objects.filter(pk=thread.author_id), NotificationKind.REPLY)
    _queue(
        NotificationKind.REPLY,
        recipients,
        f"reply:{reply.pk}",
        "notify_reply",
        {"thread": thread, "reply": reply, "thread_url": absolute_url(thread.get_absolute_url())},
    )
    send_soon()


def queue_digest(now=None):
    """The weekly digest: the questions of the last seven days in each subscriber's groups.
    Keyed by ISO week, so running it twice in a week queues nothing new."""
    now = now or timezone.now()
    year, week, _ = timezone.localtime(now).isocalendar()
    recent = list(
        Thread.objects.filter(created_at__gte=now - DIGEST_PERIOD)
        .select_related("group")
        .order_by("group__position", "-created_at")
    )
    if not recent:
        return 0
    User = get_user_model()
    queued = 0
    readers = _wanting(User.objects.all(), NotificationKind.DIGEST).prefetch_related(
        "working_groups"
    )
    for reader in readers:
        group_ids = {group.pk for group in reader.working_groups.all()}
        threads = [t for t in recent if t.group_id in group_ids]
        if threads:
            queued += _queue(
                NotificationKind.DIGEST,
                [reader],
                f"digest:{year}-W{week:02d}",
                "notify_digest",
                {
                    "threads": [(t, absolute_url(t.get_absolute_url())) for t in threads],
                },
            )
    return queued


# Sending --------------------------------------------------------------------------------------


def build_message(notification):
    link = unsubscribe_url(notification.recipient, NotificationKind(notification.kind))
    return EmailMultiAlternatives(
        notification.subject,
        notification.body,
        to=[notification.recipient.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer a one-click "unsubscribe" button.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_pending(batch_size=None, max_batches=None, progress=None):
    """Send the outbox in batches; return {"sent", "uncertain", "pending"}."""
    batch_size = batch_size or settings.NETWORK_NEWSLETTER_BATCH_SIZE
    pending = Notification.objects.filter(status=DeliveryStatus.PENDING)
    sent, batches = 0, 0
    while max_batches is None or batches < max_batches:
        batch = list(pending.select_related("recipient")[:batch_size])
        if not batch:
            break
        sent += outbox.send_batch(
            Notification,
            batch,
            build_message,
            describe=lambda notification: notification.recipient.email,
            command=RESUME_COMMAND,
            progress=progress,
        )
        batches += 1
    return {
        "sent": sent,
        "uncertain": Notification.objects.filter(status=DeliveryStatus.SENDING).count(),
        "pending": pending.count(),
    }


def send_soon():
    """One batch now, from the request that caused it; the command sends the rest. A mail
    server down must not lose the member's question: the rows stay in the outbox."""
    try:
        send_pending(max_batches=1)
    except outbox.SendingError:
        logger.warning("Notifications left in the outbox for `apure %s`.", RESUME_COMMAND)
