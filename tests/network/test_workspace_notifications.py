"""Workspace e-mails go through the newsletter's batch sender: at most once, resumable."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from apure.network import notifications
from apure.network.models import DeliveryStatus, Notification, NotificationSettings
from tests.factories import UserFactory

from .factories import WorkingGroupFactory
from .workspace_factories import ThreadFactory

pytestmark = pytest.mark.django_db


def group_with(*emails):
    group = WorkingGroupFactory()
    members = [UserFactory(email=email) for email in emails]
    group.members.add(*members)
    return group, members


def test_sending_resumes_after_a_failure_without_sending_twice(smtp_server, settings):
    settings.NETWORK_NEWSLETTER_BATCH_SIZE = 2
    group, members = group_with(*(f"membre{i}@exemple.fr" for i in range(5)))
    smtp_server.refused = {"membre3@exemple.fr"}
    # The request that posts the question sends one batch, then the command stops at membre3.
    notifications.new_thread(ThreadFactory(group=group, author=UserFactory()))
    with pytest.raises(CommandError, match="Envoi interrompu à membre3@exemple.fr"):
        call_command("network_notify")
    assert smtp_server.recipients() == [f"membre{i}@exemple.fr" for i in range(3)]

    smtp_server.refused = set()
    call_command("network_notify")
    received = smtp_server.recipients()
    assert sorted(received) == sorted(m.email for m in members)
    assert len(received) == len(set(received)) == 5


def test_queuing_the_same_event_twice_sends_one_message(smtp_server):
    group, _members = group_with("seul@exemple.fr")
    thread = ThreadFactory(group=group)
    notifications.new_thread(thread)
    notifications.new_thread(thread)
    assert smtp_server.recipients() == ["seul@exemple.fr"]


def test_a_message_left_sending_by_a_killed_run_is_never_sent_again(smtp_server):
    group, _members = group_with("a@exemple.fr")
    Notification.objects.create(
        key="thread:1:1",
        recipient=group.members.get(),
        kind="new_threads",
        subject="s",
        body="b",
        status=DeliveryStatus.SENDING,
    )
    call_command("network_notify")
    assert smtp_server.recipients() == []


def test_weekly_digest_lists_the_week_s_questions_of_my_groups_once(frozen_now, capsys):
    reader = UserFactory(email="lectrice@exemple.fr")
    NotificationSettings.objects.create(user=reader, weekly_digest=True, new_threads=False)
    not_opted = UserFactory()
    mine, other = WorkingGroupFactory(), WorkingGroupFactory()
    mine.members.add(reader, not_opted)
    ThreadFactory(group=mine, title="Question de cette semaine")
    ThreadFactory(group=mine, title="Question ancienne", created_at=frozen_now - timedelta(days=9))
    ThreadFactory(group=other, title="Question d'un autre groupe")
    mail.outbox.clear()

    call_command("network_notify", "--digest", "--json")
    call_command("network_notify", "--digest", "--json")  # the same week: nothing new

    assert [message.to for message in mail.outbox] == [["lectrice@exemple.fr"]]
    body = mail.outbox[0].body
    assert "Question de cette semaine" in body
    assert "Question ancienne" not in body
    assert "Question d'un autre groupe" not in body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["digests"] == 0


def test_a_member_switches_new_question_e_mails_off_on_the_settings_page(client):
    group, (member,) = group_with("m@exemple.fr")
    client.force_login(member)
    client.post("/reseau/notifications/", {"replies": "on", "weekly_digest": "on"})
    notifications.new_thread(ThreadFactory(group=group))
    assert mail.outbox == []
    assert NotificationSettings.objects.get(user=member).weekly_digest is True


def test_a_forged_unsubscribe_link_changes_nothing(client):
    member = UserFactory()
    response = client.post("/reseau/notifications/desinscription/1.replies:forged/")
    assert "n&#x27;est pas valide" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=member).exists()
