"""The exchange's e-mails, built with the network's mail helpers (absolute links, one-line
subjects) and sent once the database change that prompted them is committed."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string

from apure.network.mail import absolute_url, one_line


def message(template, context, to):
    context = {**context, "site_url": absolute_url("")}
    subject = render_to_string(f"reuse/email/{template}_subject.txt", context)
    body = render_to_string(f"reuse/email/{template}.txt", context)
    return EmailMultiAlternatives(one_line(subject), body, to=to)


def send_after_commit(template, context, to):
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: message(template, context, recipients).send())


def send_many(messages) -> int:
    """Several messages over one SMTP connection (alerts of the daily run)."""
    if not messages:
        return 0
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages(messages) or 0


def link(obj) -> str:
    return absolute_url(obj.get_absolute_url())
