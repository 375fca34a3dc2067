"""The network's e-mails: absolute links and subjects rendered from templates."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path):
    """Links in e-mails must work outside the site: prefix them with APURE_SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path


# Every whitespace but the non-breaking ones, which French typography puts before « : ; ! ? »
# in subject templates (str.split() would turn them back into plain spaces).
_BREAKABLE_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")


def one_line(text):
    """A header on one line: a title typed with a line break must not make sending fail."""
    return _BREAKABLE_WHITESPACE.sub(" ", text).strip()


def templated_message(template, context, to):
    """The message of `network/email/<template>.txt` and its `_subject.txt`, not yet sent."""
    subject = render_to_string(f"network/email/{template}_subject.txt", context)
    body = render_to_string(f"network/email/{template}.txt", context)
    return EmailMultiAlternatives(one_line(subject), body, to=to)


def send_templated(template, context, to):
    templated_message(template, context, to).send()
