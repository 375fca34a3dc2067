import html
import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from apure.network import newsletter
from apure.network.models import Issue, IssueStatus, Subscriber
from tests.factories import FacilitatorFactory

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def confirmation_link(message):
    return re.search(r"http://\S+/reseau/lettre/confirmer/\S+/", message.body)[0]


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_the_subscription_form_is_in_the_footer_of_every_page(client):
    for url in ["/", "/membres/", reverse("network:home")]:
        page = client.get(url).content.decode()
        assert 'action="/reseau/lettre/inscription/"' in page
        assert 'id="footer-newsletter-email"' in page


def test_double_opt_in_subscription(client):
    response = client.post(
        reverse("network:newsletter_subscribe"), {"email": "Lea@Exemple.fr"}, follow=True
    )
    assert "Presque fini" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lea@exemple.fr"
    assert subscriber.confirmed_at is None
    link = path_of(confirmation_link(mail.outbox[0]))

    page = client.get(link)  # a mailbox's link scanner only GETs: still unconfirmed
    assert "Confirmer mon inscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None

    response = client.post(link, follow=True)
    assert "est confirmée" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_a_tampered_or_expired_confirmation_link_is_refused(client, settings, monkeypatch):
    client.post(reverse("network:newsletter_subscribe"), {"email": "lea@exemple.fr"})
    link = path_of(confirmation_link(mail.outbox[0]))
    tampered = link.replace("/confirmer/", "/confirmer/9")
    assert "pas valide" in client.get(tampered).content.decode()

    real_time = signing.time.time
    monkeypatch.setattr(
        signing.time,
        "time",
        lambda: real_time() + 86400 * (settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS + 1),
    )
    response = client.post(link, follow=True)
    assert "a expiré" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_subscribing_again_does_not_reveal_whether_the_address_is_known(client):
    SubscriberFactory(email="connu@exemple.fr")
    response = client.post(
        reverse("network:newsletter_subscribe"), {"email": "connu@exemple.fr"}, follow=True
    )
    assert "Presque fini" in response.content.decode()
    assert mail.outbox == []


def test_only_the_address_and_dates_are_stored():
    fields = {field.name for field in Subscriber._meta.concrete_fields}
    assert fields == {"id", "email", "consented_at", "confirmed_at"}


def test_one_click_unsubscribe_works_without_csrf_token_and_erases_the_address():
    subscriber = SubscriberFactory(email="partir@exemple.fr")
    url = path_of(newsletter.unsubscribe_url(subscriber))
    client = Client(enforce_csrf_checks=True)
    # What a mail client sends for RFC 8058.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert not Subscriber.objects.filter(email="partir@exemple.fr").exists()


def test_the_unsubscribe_link_opens_a_page_with_a_confirm_button(client):
    subscriber = SubscriberFactory(email="partir@exemple.fr")
    url = path_of(newsletter.unsubscribe_url(subscriber))
    page = client.get(url).content.decode()
    assert "Me désinscrire" in page and "partir@exemple.fr" in page
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert "pas valide" in client.get(url[:-3] + "xx/").content.decode()


def test_other_forms_still_require_csrf():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("network:newsletter_subscribe"), {"email": "a@exemple.fr"})
    assert response.status_code == 403


def test_an_issue_lists_upcoming_events_soonest_first_and_leaves_out_drafts():
    from datetime import timedelta

    from django.utils import timezone

    from .factories import EventFactory, NewsFactory

    now = timezone.now()
    EventFactory(title="Plus tard", starts_at=now + timedelta(days=60))
    EventFactory(title="Bientôt", starts_at=now + timedelta(days=5))
    NewsFactory(title="Brouillon", status="draft", published_at=None)
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=None)
    context = newsletter.issue_context(issue, "http://exemple.fr/desinscription/")
    assert [event.title for event, _ in context["events"]] == ["Bientôt", "Plus tard"]
    assert context["news"] == []


def test_a_draft_issue_is_rewritten_or_deleted_but_a_sent_one_stays(client):
    facilitator = FacilitatorFactory()
    client.force_login(facilitator)
    issue = newsletter.create_issue(subject="Lettre", editorial="Brouillon", user=facilitator)
    url = reverse("network:issue_edit", args=[issue.pk])
    assert "Supprimer cette lettre" in client.get(url).content.decode()
    client.post(url, {"subject": "Lettre\r\nBcc: tous@exemple.fr", "editorial": "# Édito"})
    issue.refresh_from_db()
    assert (issue.subject, issue.editorial) == ("Lettre Bcc: tous@exemple.fr", "# Édito")

    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENT)
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "delete"}, follow=True)
    assert "déjà partie" in response.content.decode()
    assert Issue.objects.filter(pk=issue.pk).exists()

    draft = newsletter.create_issue(subject="Autre", editorial="x", user=facilitator)
    client.post(
        reverse("network:issue_edit", args=[draft.pk]), {"action": "delete", "confirm": "1"}
    )
    assert not Issue.objects.filter(pk=draft.pk).exists()


def test_the_edit_page_of_a_draft_says_what_editing_does(client):
    facilitator = FacilitatorFactory()
    client.force_login(facilitator)
    issue = newsletter.create_issue(subject="Lettre de mai", editorial="x", user=facilitator)
    page = client.get(reverse("network:issue_edit", args=[issue.pk])).content.decode()
    text = " ".join(html.unescape(page).split())
    assert "<h1>Modifier la lettre « Lettre de mai »</h1>" in text
    assert "Rédiger une lettre" not in text
    assert "cochez les contenus à mettre dans la lettre" in text
    assert "s'y ajoutent d'eux-mêmes" not in text
    assert 'name="confirm" value="1" id="confirm-delete" required' in page
    assert "Je confirme la suppression" in text


def test_deleting_a_draft_needs_the_confirmation_box(client):
    facilitator = FacilitatorFactory()
    client.force_login(facilitator)
    issue = newsletter.create_issue(subject="Lettre", editorial="Mon édito", user=facilitator)
    url = reverse("network:issue_edit", args=[issue.pk])
    response = client.post(url, {"action": "delete"}, follow=True)
    assert "Cochez « Je confirme la suppression »" in html.unescape(response.content.decode())
    assert Issue.objects.filter(pk=issue.pk).exists()
    client.post(url, {"action": "delete", "confirm": "1"})
    assert not Issue.objects.filter(pk=issue.pk).exists()


def test_an_issue_sent_meanwhile_is_neither_rewritten_nor_deleted():
    # The facilitator's page loaded the draft; « Envoyer » was clicked in another tab before
    # they saved: their copy still says draft, the database says it is being sent.
    SubscriberFactory()
    issue = newsletter.create_issue(subject="Lettre", editorial="Édito", user=None)
    stale = Issue.objects.get(pk=issue.pk)
    newsletter.queue(issue)
    with pytest.raises(newsletter.NewsletterError, match="en cours d'envoi"):
        newsletter.edit_issue(stale, subject="Autre objet", editorial="Autre")
    with pytest.raises(newsletter.NewsletterError, match="ne peut plus être supprimée"):
        newsletter.delete_issue(stale)
    issue.refresh_from_db()
    assert (issue.subject, issue.status) == ("Lettre", IssueStatus.SENDING)
    assert issue.deliveries.count() == 1  # who is to receive it is still known
