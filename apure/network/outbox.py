"""The batch sender shared by the newsletter and the group notifications.

Each row of an outbox table (a newsletter `Delivery`, a `Notification`) is marked "sending"
before its SMTP exchange and "sent" after it, so a run that dies in between never sends that
message again (at most once); a refused message goes back to pending and the run stops, and
running the command again resumes where it stopped.
"""

import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from .models import DeliveryStatus


class SendingError(Exception):
    """A French reason shown to the person or printed by the command."""


def open_connection(command):
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        raise SendingError(
            f"Serveur d'envoi injoignable ({settings.EMAIL_HOST}:{settings.EMAIL_PORT})\u00a0: "
            f"{error}. Rien n'a été envoyé de ce lot\u00a0; relancez « apure {command} »."
        ) from error
    return connection


def send_batch(model, rows, build_message, *, describe, command, progress=None):
    """Send `rows` of `model` over one SMTP connection; return how many were sent.

    `build_message(row)` gives the e-mail, `describe(row)` names the recipient in the French
    error, `command` is the command that resumes the sending."""
    sent = 0
    connection = open_connection(command)
    try:
        for row in rows:
            model.objects.filter(pk=row.pk).update(
                status=DeliveryStatus.SENDING, attempts=row.attempts + 1
            )
            message = build_message(row)
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                model.objects.filter(pk=row.pk).update(
                    status=DeliveryStatus.PENDING, error=str(error)[:300]
                )
                raise SendingError(
                    f"Envoi interrompu à {describe(row)}\u00a0: {error}. "
                    f"Relancez « apure {command} » pour reprendre."
                ) from error
            model.objects.filter(pk=row.pk).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
            )
            sent += 1
            if progress is not None:
                progress.update(1)
    finally:
        connection.close()
    return sent
