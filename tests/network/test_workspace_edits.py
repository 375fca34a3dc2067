"""Editing one's own messages, several attachments per message, and the search in a group's
documents (issue 14): who may do what, what the readers see."""

import importlib
from datetime import UTC, datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.test import Client

from apure.network import groupwork
from apure.network.models import Attachment, DocumentVisibility, GroupDocument, Thread
from apure.network.textextract import extract_text
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory

from . import documents
from .factories import WorkingGroupFactory
from .workspace_factories import ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db

# 14 March 2026, 10:00 in Paris: the day the pages must show beside « modifiée le ».
EDIT_DAY = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def people():
    group = WorkingGroupFactory(slug="reemploi", short_name="Réemploi", name="Réemploi")
    other_group = WorkingGroupFactory(slug="acv", short_name="ACV", name="ACV")
    asker = UserFactory(first_name="Camille", last_name="Durand")
    peer = UserFactory(first_name="Sami", last_name="Martin")
    other = UserFactory(first_name="Alix", last_name="Bernard")  # same group, not the author
    stranger = UserFactory()  # in the network, in another group only
    group.members.add(asker, peer, other)
    other_group.members.add(stranger)
    thread = ThreadFactory(group=group, author=asker, title="Chaises de réemploi ?")
    reply = ReplyFactory(thread=thread, author=peer, body="Nous avons fait un lot réservé.")
    return SimpleNamespace(
        group=group,
        asker=asker,
        peer=peer,
        other=other,
        stranger=stranger,
        facilitator=FacilitatorFactory(),
        thread=thread,
        reply=reply,
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def edit_urls(people):
    thread_url = people.thread.get_absolute_url()
    return f"{thread_url}modifier/", f"{thread_url}reponses/{people.reply.pk}/modifier/"


def photo(name="chaise.png"):
    return documents.upload(name, documents.PNG, content_type="image/png")


# Editing ---------------------------------------------------------------------------------------


def test_the_asker_corrects_the_question_and_readers_see_when(people):
    thread_edit, _ = edit_urls(people)
    client = client_for(people.asker)
    form = client.get(thread_edit).content.decode()
    assert "Chaises de réemploi ?" in form  # the text as it is, not retyped
    with mock.patch("django.utils.timezone.now", return_value=EDIT_DAY):
        response = client.post(
            thread_edit, {"title": "Chaises et tables de réemploi ?", "body": "Corrigé **ici**."}
        )
    assert response.status_code == 302
    page = client_for(people.peer).get(people.thread.get_absolute_url()).content.decode()
    assert "Chaises et tables de réemploi ?" in page
    assert "<strong>ici</strong>" in page
    assert "modifiée le 14 mars 2026" in page
    assert "par l'animation" not in page
    assert people.thread.replies.count() == 1  # the answers stay


def test_the_author_of_a_reply_edits_it(people):
    _, reply_edit = edit_urls(people)
    client = client_for(people.peer)
    assert "Nous avons fait un lot réservé." in client.get(reply_edit).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=EDIT_DAY):
        client.post(reply_edit, {"body": "Nous avons fait un lot réservé à l'ESS."})
    page = client.get(people.thread.get_absolute_url()).content.decode()
    assert "ESS." in page
    assert "modifiée le 14 mars 2026" in page


def test_a_facilitator_moderates_a_message_and_the_page_says_so(people):
    _, reply_edit = edit_urls(people)
    client_for(people.facilitator).post(reply_edit, {"body": "Message modéré."})
    page = client_for(people.asker).get(people.thread.get_absolute_url()).content.decode()
    assert "Message modéré." in page
    assert "par l'animation du réseau" in page


@pytest.mark.parametrize("who", ["other", "stranger"])
def test_nobody_else_edits_a_message(people, who):
    user = getattr(people, who)
    client = client_for(user)
    for url in edit_urls(people):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Pirate", "body": "Pirate"}).status_code == 403, url
    people.thread.refresh_from_db()
    people.reply.refresh_from_db()
    assert people.thread.title == "Chaises de réemploi ?" and people.thread.edited_at is None
    assert people.reply.body == "Nous avons fait un lot réservé." and people.reply.edited_at is None


def test_anonymous_visitors_are_sent_to_the_login_page(people):
    for url in edit_urls(people):
        response = Client().post(url, {"body": "Pirate"})
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
    people.reply.refresh_from_db()
    assert people.reply.edited_at is None


def test_the_edit_links_show_to_the_author_and_the_facilitators_only(people):
    thread_edit, reply_edit = edit_urls(people)
    for user, expected in [
        (people.asker, {thread_edit}),
        (people.peer, {reply_edit}),
        (people.other, set()),
        (people.facilitator, {thread_edit, reply_edit}),
    ]:
        page = client_for(user).get(people.thread.get_absolute_url()).content.decode()
        assert {url for url in (thread_edit, reply_edit) if f'href="{url}"' in page} == expected


def test_a_reply_cannot_be_edited_through_another_thread(people):
    other_thread = ThreadFactory(group=people.group, author=people.peer)
    url = f"{other_thread.get_absolute_url()}reponses/{people.reply.pk}/modifier/"
    assert client_for(people.peer).get(url).status_code == 404


# Several attachments ---------------------------------------------------------------------------


def test_a_question_carries_a_photo_with_its_description_and_a_document(people):
    response = client_for(people.asker).post(
        "/reseau/groupes/reemploi/discussions/nouvelle/",
        {
            "title": "Quel mobilier ?",
            "body": "Voir la photo et le cahier des charges.",
            "attachment_1": photo(),
            "alt_1": "Chaise en hêtre reconditionnée",
            "attachment_2": documents.upload("ccp.pdf", documents.pdf_bytes()),
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Quel mobilier ?")
    assert [(a.original_name, a.file_format) for a in thread.attachments.all()] == [
        ("chaise.png", "png"),
        ("ccp.pdf", "pdf"),
    ]
    page = client_for(people.peer).get(thread.get_absolute_url()).content.decode()
    assert 'alt="Chaise en hêtre reconditionnée"' in page
    assert "Pièce jointe&nbsp;: ccp.pdf" in page


def test_a_photo_without_description_is_refused_and_nothing_is_saved(people):
    response = client_for(people.asker).post(
        "/reseau/groupes/reemploi/discussions/nouvelle/",
        {"title": "Photo", "body": "Texte", "attachment_1": photo()},
    )
    assert response.status_code == 200
    assert "Décrivez la photo en quelques mots" in response.content.decode()
    assert not Thread.objects.filter(title="Photo").exists()


def test_each_attachment_is_judged_by_its_bytes(people):
    response = client_for(people.peer).post(
        people.thread.get_absolute_url(),
        {
            "body": "Voici deux fichiers",
            "attachment_1": documents.upload("ok.pdf", documents.pdf_bytes()),
            "attachment_2": documents.upload("photo.png", b"<html>not an image</html>"),
            "alt_2": "Photo",
        },
    )
    assert response.status_code == 200
    assert "n&#x27;est ni un document" in response.content.decode()
    assert people.thread.replies.count() == 1 and not Attachment.objects.exists()


def test_editing_removes_and_adds_attachments_within_the_limit(people):
    groupwork.edit_reply(
        people.reply,
        people.peer,
        body=people.reply.body,
        files=[
            groupwork.check_attachment_file(documents.upload(f"{n}.pdf", documents.pdf_bytes()))
            for n in range(3)
        ],
    )
    first, second, _third = people.reply.attachments.all()
    _, reply_edit = edit_urls(people)
    client = client_for(people.peer)
    full = client.post(
        reply_edit,
        {"body": "Texte", "attachment_1": documents.upload("4.pdf", documents.pdf_bytes())},
    )
    assert "au plus 3 pièces jointes" in full.content.decode()
    assert people.reply.attachments.count() == 3
    client.post(
        reply_edit,
        {
            "body": "Texte",
            "remove": [first.pk, second.pk],
            "attachment_1": photo("table.png"),
            "alt_1": "Table basse",
        },
    )
    assert [a.original_name for a in people.reply.attachments.all()] == ["2.pdf", "table.png"]


def test_an_attachment_of_another_message_cannot_be_removed_through_an_edit(people):
    foreign = Attachment.objects.create(
        thread=people.thread, file=photo(), file_format="png", original_name="x.png"
    )
    _, reply_edit = edit_urls(people)
    client_for(people.peer).post(reply_edit, {"body": "Texte", "remove": [foreign.pk]})
    assert Attachment.objects.filter(pk=foreign.pk).exists()


def test_the_migration_gives_existing_photos_their_former_description(people):
    image = Attachment.objects.create(
        thread=people.thread, file=photo(), file_format="png", original_name="chaise.png"
    )
    document = Attachment.objects.create(
        thread=people.thread, file=photo(), file_format="pdf", original_name="cr.pdf"
    )
    migration = importlib.import_module(
        "apure.network.migrations.0005_edits_attachments_document_text"
    )
    migration.describe_existing_images(apps, None)
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.alt_text == "Photo jointe : chaise.png"
    assert document.alt_text == ""


# Searching the group's documents ---------------------------------------------------------------


def test_text_is_read_from_pdf_docx_and_odt_files():
    import io

    assert "Une ligne." in extract_text(io.BytesIO(documents.pdf_bytes()), "pdf")
    assert "Clause type" in extract_text(io.BytesIO(documents.docx_bytes()), "docx")
    assert extract_text(io.BytesIO(documents.odt_bytes()), "odt") == "Délibération"
    assert extract_text(io.BytesIO(b"PK\x03\x04 broken"), "docx") == ""
    assert extract_text(io.BytesIO(b"%PDF-1.7 broken"), "pdf") == ""


def test_text_of_a_pdf_written_by_office_software_is_read_with_its_accents():
    """A real PDF (compressed streams, embedded-font encodings), such as the PDF reports
    members upload: its words are what a search on the group's documents finds."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Délibération sur le réemploi des matériaux")
    pdf.showPage()
    pdf.drawString(72, 720, "Deuxième page : ressourcerie")
    pdf.save()
    text = extract_text(io.BytesIO(out.getvalue()), "pdf")
    assert "Délibération sur le réemploi des matériaux" in text
    assert "Deuxième page : ressourcerie" in text


def upload_document(client, title, visibility, words):
    client.post(
        "/reseau/groupes/reemploi/documents/nouveau/",
        {
            "title": title,
            "kind": "working",
            "visibility": visibility,
            "file": documents.upload(
                "doc.pdf", documents.simple_pdf_with(f"Note de travail : {words}")
            ),
        },
    )
    return GroupDocument.objects.get(title=title)


def test_members_find_documents_by_the_words_of_their_file_and_visitors_never_see_private_ones(
    people,
):
    member = client_for(people.asker)
    upload_document(member, "Grille interne", DocumentVisibility.GROUP, "ressourceries partenaires")
    upload_document(member, "Compte rendu", DocumentVisibility.PUBLIC, "ressourcerie de Lille")
    search = "/reseau/groupes/reemploi/documents/?q=ressourcerie"
    page = member.get(search).content.decode()
    assert "Grille interne" in page and "Compte rendu" in page
    for reader in (Client(), client_for(people.stranger)):
        page = reader.get(search).content.decode()
        assert "Compte rendu" in page
        assert "Grille interne" not in page
    assert (
        "Grille interne"
        not in Client().get("/reseau/groupes/reemploi/documents/?q=grille").content.decode()
    )


def test_a_new_version_replaces_the_words_found(people):
    member = client_for(people.asker)
    document = upload_document(member, "Cahier", DocumentVisibility.GROUP, "tabourets")
    member.post(
        document.get_absolute_url(),
        {"file": documents.upload("v2.pdf", documents.simple_pdf_with("Armoires métalliques"))},
    )
    assert "Cahier" in member.get("/reseau/groupes/reemploi/documents/?q=armoires").content.decode()
    assert (
        "Cahier"
        not in member.get("/reseau/groupes/reemploi/documents/?q=tabourets").content.decode()
    )


def test_a_body_member_of_no_group_sees_only_public_documents(people):
    outsider = UserFactory(organisation=OrganisationFactory())
    upload_document(client_for(people.asker), "Privé", DocumentVisibility.GROUP, "chaises")
    page = (
        client_for(outsider).get("/reseau/groupes/reemploi/documents/?q=chaises").content.decode()
    )
    assert "Privé" not in page
