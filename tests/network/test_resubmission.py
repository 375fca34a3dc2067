"""A refused proposal is corrected and sent again, not typed anew; the moderation queue shows
the whole text and the file."""

import pytest
from django.core import mail
from django.test import Client

from apure.network.models import Status
from tests.factories import FacilitatorFactory, UserFactory

from . import documents
from .factories import NewsFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def refused_news(member):
    return NewsFactory(
        title="Notre achat de mobilier",
        summary="Résumé",
        body="Texte initial.",
        status=Status.REJECTED,
        published_at=None,
        proposed_by=member,
        author_organisation=member.organisation,
        review_message="Ajoutez le montant du marché.",
    )


def test_a_member_corrects_a_refused_proposal_and_sends_it_again(
    django_capture_on_commit_callbacks,
):
    FacilitatorFactory(email="animation@exemple.fr")
    member = UserFactory()
    news = refused_news(member)
    client = client_for(member)
    edit_url = f"/reseau/actualites/{news.slug}/modifier/"

    page = client.get(edit_url).content.decode()
    assert "Ajoutez le montant du marché." in page
    assert "Texte initial." in page  # the text is there to correct, not to retype
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url,
            {
                "title": "Notre achat de mobilier",
                "summary": "Résumé",
                "body": "Texte corrigé : 45 000 € HT.",
                "author_organisation": member.organisation_id,
            },
        )
    news.refresh_from_db()
    assert news.status == Status.PROPOSED
    assert news.body == "Texte corrigé : 45 000 € HT."
    assert [m.to for m in mail.outbox] == [["animation@exemple.fr"]]


def test_nobody_else_edits_a_member_s_proposal_nor_a_published_item(client):
    member = UserFactory()
    news = refused_news(member)
    other = client_for(UserFactory())
    assert other.get(f"/reseau/actualites/{news.slug}/modifier/").status_code == 403
    published = NewsFactory(proposed_by=member)
    own = client_for(member)
    assert own.get(f"/reseau/actualites/{published.slug}/modifier/").status_code == 403


def test_the_moderation_queue_shows_the_whole_text_and_the_document():
    long_body = "Début. " + "Suite du texte. " * 80 + "**Conclusion complète**."
    NewsFactory(status=Status.PROPOSED, published_at=None, body=long_body)
    resource = ResourceFactory(status=Status.PROPOSED, published_at=None, url="")
    resource.file.save("guide.pdf", documents.upload("guide.pdf", documents.pdf_bytes()))
    resource.file_format = "pdf"
    resource.save()
    page = client_for(FacilitatorFactory()).get("/reseau/moderation/").content.decode()
    assert "<strong>Conclusion complète</strong>" in page
    assert f"/reseau/ressources/{resource.slug}/document/" in page
    assert "Document joint (PDF)" in page
