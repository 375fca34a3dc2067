"""The observatory's e-mails: queued in `Mail` under a unique key, sent by the network's batch
sender (apure/network/outbox.py), which marks each row « sending » before SMTP and « sent »
after: a run that stops is resumed by `apure follow_notify` without sending anything twice."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from apure.network import outbox
from apure.network.mail import one_line
from apure.network.models import DeliveryStatus

from .models import Mail, MailKind

logger = logging.getLogger(__name__)

RESUME_COMMAND = "follow_notify"


def queue(key, kind, template, context, *, email, user=None):
    """Add one e-mail unless one was queued under `key`; return whether it was added."""
    if Mail.objects.filter(key=key).exists():
        return False
    subject = one_line(render_to_string(f"follow/email/{template}_subject.txt", context))
    body = render_to_string(f"follow/email/{template}.txt", context)
    Mail.objects.bulk_create(
        [Mail(key=key, user=user, email=email, kind=kind, subject=subject[:250], body=body)],
        ignore_conflicts=True,  # two runs racing on the same key keep one row
    )
    return True


def build_message(mail):
    headers = {}
    if mail.kind == MailKind.DIGEST and mail.user_id:
        from .follow import unsubscribe_url  # follow.py imports this module

        link = unsubscribe_url(mail.user)
        # RFC 2369 and RFC 8058: mail clients offer a one-click « unsubscribe » button.
        headers = {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return EmailMultiAlternatives(mail.subject, mail.body, to=[mail.email], headers=headers)


def send_pending(batch_size=None, max_batches=None):
    """Send the outbox in batches; return {"sent", "uncertain", "pending"}."""
    batch_size = batch_size or settings.NETWORK_NEWSLETTER_BATCH_SIZE
    pending = Mail.objects.filter(status=DeliveryStatus.PENDING).order_by("pk")
    sent, batches = 0, 0
    while max_batches is None or batches < max_batches:
        batch = list(pending.select_related("user")[:batch_size])
        if not batch:
            break
        sent += outbox.send_batch(
            Mail, batch, build_message, describe=lambda mail: mail.email, command=RESUME_COMMAND
        )
        batches += 1
    return {
        "sent": sent,
        "uncertain": Mail.objects.filter(status=DeliveryStatus.SENDING).count(),
        "pending": pending.count(),
    }


def send_soon():
    """One batch from the request that queued it; a mail server down loses nothing: the rows
    wait in the outbox for `apure follow_notify`."""
    try:
        send_pending(max_batches=1)
    except outbox.SendingError:
        logger.warning("Observatory e-mails left in the outbox for `apure %s`.", RESUME_COMMAND)
