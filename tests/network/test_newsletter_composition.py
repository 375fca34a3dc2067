"""Facilitators compose the newsletter: they choose its items (public answers included),
program its sending date and preview it at a desktop and a phone width."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from apure.network import newsletter
from apure.network.models import Issue, IssueStatus
from tests.factories import FacilitatorFactory, UserFactory

from .factories import NewsFactory, SubscriberFactory
from .workspace_factories import ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def public_question(title):
    thread = ThreadFactory(title=title)
    thread.best_reply = ReplyFactory(thread=thread)
    thread.made_public_at = thread.created_at
    thread.save()
    return thread


def test_a_facilitator_chooses_the_items_and_a_public_answer_goes_in_the_letter(client):
    facilitator = FacilitatorFactory()
    kept = NewsFactory(title="Actualité gardée")
    dropped = NewsFactory(title="Actualité retirée")
    question = public_question("Lot réservé ou variante ?")
    ThreadFactory(title="Question privée du groupe")
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=facilitator)
    client.force_login(facilitator)

    page = client.get(f"/reseau/lettre/numeros/{issue.pk}/modifier/").content.decode()
    assert "Lot réservé ou variante ?" in page
    assert "Question privée du groupe" not in page  # only answers made public are offered
    client.post(
        f"/reseau/lettre/numeros/{issue.pk}/modifier/",
        {"subject": "Lettre", "editorial": "Édito", "news": [kept.pk], "questions": [question.pk]},
    )

    preview = client.get(f"/reseau/lettre/numeros/{issue.pk}/").content.decode()
    assert "Actualité gardée" in preview
    assert "Actualité retirée" not in preview
    assert "Sur téléphone (390 pixels)" in preview
    assert list(issue.news.all()) == [kept] and dropped not in issue.news.all()
    newsletter.send_test(issue, "test@exemple.fr")
    assert f"/reseau/questions/{question.pk}/" in mail.outbox[0].body


def test_a_programmed_issue_leaves_when_its_time_comes_and_not_before(client, frozen_now):
    facilitator = FacilitatorFactory()
    SubscriberFactory(email="abonne@exemple.fr")
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=facilitator)
    client.force_login(facilitator)
    client.post(
        f"/reseau/lettre/numeros/{issue.pk}/modifier/",
        {"subject": "Lettre", "editorial": "Édito", "scheduled_for": "2026-06-20T09:00"},
    )
    issue.refresh_from_db()
    assert issue.scheduled_for is not None

    call_command("newsletter_send")
    assert mail.outbox == []
    with mock.patch("django.utils.timezone.now", return_value=frozen_now + timedelta(days=6)):
        call_command("newsletter_send")
    assert [message.to for message in mail.outbox] == [["abonne@exemple.fr"]]
    assert Issue.objects.get(pk=issue.pk).status == IssueStatus.SENT


def test_a_sending_date_in_the_past_is_refused(client, frozen_now):
    facilitator = FacilitatorFactory()
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=facilitator)
    client.force_login(facilitator)
    response = client.post(
        f"/reseau/lettre/numeros/{issue.pk}/modifier/",
        {"subject": "Lettre", "editorial": "Édito", "scheduled_for": "2026-06-01T09:00"},
    )
    assert response.status_code == 400
    assert "Choisissez une date d&#x27;envoi à venir." in response.content.decode()


def test_a_facilitator_orders_the_items_of_a_section(client):
    facilitator = FacilitatorFactory()
    for letter in "ABC":
        NewsFactory(title=f"Actualité {letter}")
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=facilitator)
    default = [item.title for item, _url in newsletter.issue_context(issue, "#")["news"]]
    client.force_login(facilitator)
    last = default[-1]
    pk = issue.news.get(title=last).pk
    for _ in range(2):
        client.post(
            f"/reseau/lettre/numeros/{issue.pk}/ordre/",
            {"section": "news", "item": pk, "direction": "up"},
        )
    issue.refresh_from_db()
    ordered = [item.title for item, _url in newsletter.issue_context(issue, "#")["news"]]
    assert ordered == [last, *default[:-1]]
    newsletter.send_test(issue, "test@exemple.fr")
    body = mail.outbox[0].body
    assert body.index(last) < body.index(default[0])  # the e-mail follows the chosen order


def test_members_cannot_reorder_an_issue(client):
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=None)
    client.force_login(UserFactory())
    response = client.post(
        f"/reseau/lettre/numeros/{issue.pk}/ordre/",
        {"section": "news", "item": 1, "direction": "up"},
    )
    assert response.status_code == 403
