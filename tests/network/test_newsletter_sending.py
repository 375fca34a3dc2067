"""Sending the newsletter through a real local SMTP server (aiosmtpd)."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from apure.network.models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscriber
from tests.factories import PASSWORD, FacilitatorFactory

from .factories import EventFactory, NewsFactory, ResourceFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def html_part(message):
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no HTML part")


def text_part(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")


def make_issue(user=None):
    from apure.network import newsletter

    return newsletter.create_issue(
        subject="Lettre de décembre", editorial="Le mot de l'animation.", user=user
    )


def test_a_facilitator_composes_previews_tests_and_sends_and_a_subscriber_leaves(
    client, smtp_server
):
    facilitator = FacilitatorFactory(email="animation@exemple.fr")
    NewsFactory(title="Le réseau grandit")
    EventFactory(title="Rencontre annuelle 2027")
    ResourceFactory(title="Guide du coût global")

    # A visitor subscribes from the footer and confirms through the e-mail received.
    Client().post(reverse("network:newsletter_subscribe"), {"email": "lecteur@exemple.fr"})
    (recipient, confirmation) = smtp_server.messages[0]
    assert recipient == "lecteur@exemple.fr"
    link = re.search(r"http://\S+(/reseau/lettre/confirmer/\S+/)", text_part(confirmation))[1]
    Client().post(link)
    smtp_server.messages.clear()

    client.login(email=facilitator.email, password=PASSWORD)
    response = client.post(
        reverse("network:issue_create"),
        {"subject": "Lettre de décembre", "editorial": "Bonne **fin d'année** à tous."},
        follow=True,
    )
    preview = response.content.decode()
    for expected in ["<strong>fin d", "Le réseau grandit", "Rencontre annuelle 2027", "Guide du"]:
        assert expected in preview
    issue = Issue.objects.get()

    client.post(reverse("network:issue_test", args=[issue.pk]))
    assert smtp_server.recipients() == ["animation@exemple.fr"]
    assert Delivery.objects.count() == 0  # a test is not a delivery
    smtp_server.messages.clear()

    response = client.post(
        reverse("network:issue_send", args=[issue.pk]), {"confirm": "1"}, follow=True
    )
    assert "envoyée à 1 abonné" in response.content.decode()
    assert smtp_server.recipients() == ["lecteur@exemple.fr"]
    _, message = smtp_server.messages[0]
    assert message["Subject"] == "Lettre de décembre"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(http://\S+)>", message["List-Unsubscribe"].strip())[1]
    assert "lecteur" not in unsubscribe  # the address never appears in links
    assert unsubscribe in html_part(message) and unsubscribe in text_part(message)
    assert "Le réseau grandit" in html_part(message)

    # The mail client's one-click unsubscribe (RFC 8058): a POST without any cookie or token.
    Client(enforce_csrf_checks=True).post(
        "/" + unsubscribe.split("/", 3)[3], {"List-Unsubscribe": "One-Click"}
    )
    assert not Subscriber.objects.exists()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_the_command_sends_in_batches_and_records_who_received_what(smtp_server, capsys):
    subscribers = [SubscriberFactory() for _ in range(5)]
    SubscriberFactory(confirmed_at=None)  # never confirmed: receives nothing
    issue = make_issue()
    call_command("newsletter_send", "--issue", str(issue.pk), "--batch-size", "2", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "issues": 1,
        "sent": 5,
        "uncertain": 0,
        "pending": 0,
    }
    assert sorted(smtp_server.recipients()) == sorted(s.email for s in subscribers)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5
    assert all(d.sent_at for d in Delivery.objects.all())


def test_sending_resumes_after_a_failure_without_sending_twice(smtp_server):
    subscribers = [SubscriberFactory(email=f"abonne{i}@exemple.fr") for i in range(5)]
    issue = make_issue()
    smtp_server.refused = {"abonne3@exemple.fr"}

    with pytest.raises(CommandError, match="Envoi interrompu à abonne3@exemple.fr"):
        call_command("newsletter_send", "--issue", str(issue.pk), "--batch-size", "2")
    assert smtp_server.recipients() == [f"abonne{i}@exemple.fr" for i in range(3)]
    failed = Delivery.objects.get(subscriber__email="abonne3@exemple.fr")
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 1)
    assert "451" in failed.error
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING

    smtp_server.refused = set()
    call_command("newsletter_send", "--batch-size", "2")
    received = smtp_server.recipients()
    assert sorted(received) == sorted(s.email for s in subscribers)
    assert len(received) == len(set(received)) == 5
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_a_delivery_interrupted_mid_exchange_is_never_sent_again(smtp_server, capsys):
    """A process killed between "sending" and "sent" leaves an uncertain delivery: skipped."""
    first, second = SubscriberFactory(), SubscriberFactory()
    issue = make_issue()
    call_command("newsletter_send", "--issue", str(issue.pk), "--batch-size", "1")
    smtp_server.messages.clear()
    Delivery.objects.filter(subscriber=first).update(status=DeliveryStatus.SENDING)
    Delivery.objects.filter(subscriber=second).update(status=DeliveryStatus.PENDING)
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENDING)
    call_command("newsletter_send")
    assert smtp_server.recipients() == [second.email]
    assert "1 envoi(s) interrompu(s)" in capsys.readouterr().out


def test_an_issue_already_sent_cannot_be_sent_again(smtp_server):
    SubscriberFactory()
    issue = make_issue()
    call_command("newsletter_send", "--issue", str(issue.pk))
    with pytest.raises(CommandError, match="déjà été envoyée"):
        call_command("newsletter_send", "--issue", str(issue.pk))


def test_unknown_issue_is_a_clear_error(db):
    with pytest.raises(CommandError, match="La lettre n° 999 n'existe pas"):
        call_command("newsletter_send", "--issue", "999")


def test_an_unreachable_smtp_server_is_a_clear_error_and_nothing_is_lost(settings):
    from .conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens there
    settings.EMAIL_TIMEOUT = 2
    SubscriberFactory()
    issue = make_issue()
    with pytest.raises(CommandError, match="Serveur d'envoi injoignable"):
        call_command("newsletter_send", "--issue", str(issue.pk))
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


@pytest.mark.parametrize("size", ["-3", "0", "beaucoup"])
def test_a_batch_size_that_is_not_a_positive_number_is_refused_in_french(size):
    with pytest.raises(CommandError, match="taille de lot invalide"):
        call_command("newsletter_send", f"--batch-size={size}")
