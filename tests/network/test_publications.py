"""Facilitators publish from the site; members propose; facilitators review from a queue."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from apure.network.mail import absolute_url
from apure.network.models import News, Resource, Status
from tests.factories import PASSWORD, FacilitatorFactory, UserFactory

from . import documents
from .conftest import free_port
from .factories import NewsFactory, ResourceFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return user


def test_visitors_are_sent_to_login_and_outsiders_are_refused(client):
    url = reverse("network:news_create")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    outsider = UserFactory(organisation=None)
    login(client, outsider)
    assert client.get(url).status_code == 403
    assert client.get(reverse("network:event_create")).status_code == 403


def test_a_facilitator_publishes_news_with_an_image_and_alt_text(client):
    login(client, FacilitatorFactory())
    group = WorkingGroupFactory(short_name="Réemploi")
    response = client.post(
        reverse("network:news_create"),
        {
            "title": "Le réseau se réunit",
            "summary": "Résumé",
            "body": "Un texte <script>alert(1)</script> **important**.",
            "image": documents.upload("photo.jpg", documents.PNG, "image/jpeg"),
            "image_alt": "Des acheteurs autour d'une table",
            "themes": [group.pk],
            "status": Status.PUBLISHED,
        },
        follow=True,
    )
    news = News.objects.get()
    assert news.status == Status.PUBLISHED and news.published_at is not None
    page = response.content.decode()
    assert "<strong>important</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'alt="Des acheteurs autour d&#x27;une table"' in page
    image = client.get(reverse("network:news_image", args=[news.slug]))
    assert image["Content-Type"] == "image/png"  # from the bytes, not the .jpg name
    assert news in News.objects.published().with_theme(group)


def test_a_facilitator_schedules_a_news_item_for_later(client):
    login(client, FacilitatorFactory())
    client.post(
        reverse("network:news_create"),
        {
            "title": "Annonce programmée",
            "summary": "Résumé",
            "body": "Texte",
            "status": Status.PUBLISHED,
            "published_at": "2099-01-05T08:00",
        },
    )
    news = News.objects.get()
    assert news.published_at.isoformat() == "2099-01-05T07:00:00+00:00"
    client.logout()
    assert "Annonce programmée" not in client.get(reverse("network:news_list")).content.decode()


def test_an_image_without_alt_text_is_refused(client):
    login(client, FacilitatorFactory())
    response = client.post(
        reverse("network:news_create"),
        {
            "title": "Sans alternative",
            "summary": "Résumé",
            "body": "Texte",
            "image": documents.upload("photo.png", documents.PNG, "image/png"),
            "status": Status.PUBLISHED,
        },
    )
    assert "Décrivez l&#x27;image" in response.content.decode()
    assert not News.objects.exists()


def test_a_facilitator_creates_an_event_in_paris_time(client, frozen_now):
    login(client, FacilitatorFactory())
    client.post(
        reverse("network:event_create"),
        {
            "title": "Rencontre annuelle",
            "starts_at": "2027-12-09T09:30",
            "ends_at": "2027-12-09T16:30",
            "place": "Loos-en-Gohelle",
            "description": "La rencontre de l'année.",
            "capacity": "120",
            "registration_open": "on",
            "status": Status.PUBLISHED,
        },
    )
    from apure.network.models import Event

    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2027-12-09T08:30:00+00:00"
    assert "09h30" in client.get(event.get_absolute_url()).content.decode()


def test_an_event_needs_a_place_or_a_link(client, frozen_now):
    login(client, FacilitatorFactory())
    response = client.post(
        reverse("network:event_create"),
        {"title": "Nulle part", "starts_at": "2027-01-01T10:00", "description": "x"},
    )
    assert "Indiquez un lieu ou un lien" in response.content.decode()


def propose_resource(client, **extra):
    data = {
        "title": "Clause réemploi des portes",
        "kind": "clause",
        "summary": "Une clause testée sur trois chantiers.",
        "file": documents.upload("clause.docx", documents.docx_bytes(), "application/msword"),
        "territory": "59",
        **extra,
    }
    # As after a real request: the transaction commits, then its e-mails leave.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("network:resource_create"), data, follow=True)


def test_a_member_proposes_a_resource_that_waits_for_review(client):
    member = login(client, UserFactory())
    response = propose_resource(client)
    assert "est transmise à l&#x27;animation du réseau" in response.content.decode()
    resource = Resource.objects.get()
    assert (resource.status, resource.proposed_by, resource.file_format) == (
        Status.PROPOSED,
        member,
        "docx",
    )
    assert "Clause réemploi des portes" in client.get(reverse("members:space")).content.decode()
    client.logout()
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert "Clause réemploi" not in client.get(reverse("network:resource_list")).content.decode()


def test_a_proposed_document_with_a_fake_type_is_refused_by_name(client):
    login(client, UserFactory())
    response = propose_resource(
        client, file=documents.upload("clause.pdf", b"<html>pas un pdf</html>")
    )
    assert "Le fichier « clause.pdf » n&#x27;est pas un document accepté" in (
        response.content.decode()
    )
    assert not Resource.objects.exists()


def test_unknown_cpv_codes_are_named_in_the_error(client):
    login(client, UserFactory())
    response = propose_resource(client, segment_codes="99999999")
    assert "Codes CPV inconnus\u00a0: 99999999" in response.content.decode()


def test_a_facilitator_approves_from_the_queue_and_the_author_is_told(client):
    member = UserFactory()
    resource = ResourceFactory(status=Status.PROPOSED, published_at=None, proposed_by=member)
    login(client, FacilitatorFactory())
    queue = client.get(reverse("network:moderation")).content.decode()
    assert resource.title in queue
    client.post(
        reverse("network:moderation_decision", args=["ressource", resource.pk]),
        {"action": "approve"},
    )
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED
    assert mail.outbox[0].to == [member.email]
    assert "publiée" in mail.outbox[0].subject
    client.logout()
    assert client.get(resource.get_absolute_url()).status_code == 200
    download = client.get(reverse("network:resource_list"))
    assert resource.title in download.content.decode()


def test_a_rejection_needs_a_message_which_is_e_mailed(client):
    member = UserFactory()
    news = NewsFactory(status=Status.PROPOSED, published_at=None, proposed_by=member)
    login(client, FacilitatorFactory())
    url = reverse("network:moderation_decision", args=["actualite", news.pk])
    client.post(url, {"action": "reject"})
    news.refresh_from_db()
    assert news.status == Status.PROPOSED
    client.post(url, {"action": "reject", f"news-{news.pk}-message": "Ajoutez la source."})
    news.refresh_from_db()
    assert news.status == Status.REJECTED
    assert "Ajoutez la source." in mail.outbox[0].body


def test_the_rejection_email_promises_only_what_the_member_can_do(client):
    member = UserFactory()
    news = NewsFactory(status=Status.PROPOSED, published_at=None, proposed_by=member)
    facilitator = login(client, FacilitatorFactory(email="camille@animation.example"))
    url = reverse("network:moderation_decision", args=["actualite", news.pk])
    client.post(url, {"action": "reject", f"news-{news.pk}-message": "Ajoutez la source."})
    body = " ".join(mail.outbox[0].body.split())
    assert "proposez-la de nouveau, sans rien retaper" in body
    assert absolute_url(reverse("network:news_edit", args=[news.slug])) in body
    assert absolute_url(reverse("members:space")) in body
    assert f"Pour en discuter, écrivez à {facilitator.email}." in body


def test_facilitators_are_emailed_when_a_member_proposes(client):
    FacilitatorFactory(email="camille@animation.example")
    FacilitatorFactory(email="dominique@animation.example")
    FacilitatorFactory(email="parti@animation.example", is_active=False)
    login(client, UserFactory(first_name="Ada", last_name="Lovelace"))
    propose_resource(client)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "camille@animation.example",
        "dominique@animation.example",
    ]
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert "Clause réemploi des portes" in message.subject
    assert "Ada Lovelace" in message.body
    assert "/reseau/moderation/" in message.body


def test_a_proposal_stays_saved_and_confirmed_when_the_facilitators_email_fails(
    client, settings, caplog
):
    FacilitatorFactory(email="camille@animation.example")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    login(client, UserFactory())
    response = propose_resource(client)
    assert response.status_code == 200
    assert "est transmise à l&#x27;animation du réseau" in response.content.decode()
    assert Resource.objects.get().status == Status.PROPOSED
    assert "camille@animation.example could not be sent" in caplog.text


def test_members_cannot_moderate(client):
    news = NewsFactory(status=Status.PROPOSED, published_at=None)
    login(client, UserFactory())
    assert client.get(reverse("network:moderation")).status_code == 403
    url = reverse("network:moderation_decision", args=["actualite", news.pk])
    assert client.post(url, {"action": "approve"}).status_code == 403
    news.refresh_from_db()
    assert news.status == Status.PROPOSED


def test_a_published_document_downloads_with_its_checked_type(client):
    login(client, FacilitatorFactory())
    propose_resource(client, status=Status.PUBLISHED, url="")
    resource = Resource.objects.get()
    response = client.get(reverse("network:resource_download", args=[resource.slug]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert b"".join(response.streaming_content).startswith(b"PK")
