import email
import email.policy
import socket
from datetime import UTC, datetime
from unittest import mock

import pytest


class RecordingHandler:
    """An SMTP server's handler that keeps what it receives and refuses chosen recipients."""

    def __init__(self):
        self.messages = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "451 Boîte temporairement indisponible"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append((recipient, message))
        return "250 Message accepted for delivery"

    def recipients(self):
        return [recipient for recipient, _ in self.messages]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


# A fixed "now" for tests whose outcome depends on the date (e.g. how far ahead an event may be).
FROZEN_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now():
    """Freezes django.utils.timezone.now (used by models, forms and factories) at FROZEN_NOW."""
    with mock.patch("django.utils.timezone.now", return_value=FROZEN_NOW):
        yield FROZEN_NOW
