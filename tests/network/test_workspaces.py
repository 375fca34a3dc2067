"""Working-group workspaces, tried as their members would: ask, answer, best answer, public
answer, documents, search, and who may do what."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client

from apure.network.models import (
    Attachment,
    DocumentVisibility,
    GroupDocument,
    NotificationSettings,
    Thread,
)
from tests.factories import PASSWORD, FacilitatorFactory, OrganisationFactory, UserFactory

from . import documents
from .factories import WorkingGroupFactory
from .workspace_factories import (
    DocumentVersionFactory,
    GroupDocumentFactory,
    ReplyFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    group = WorkingGroupFactory(slug="reemploi", short_name="Réemploi", name="Réemploi")
    other_group = WorkingGroupFactory(slug="acv", short_name="ACV", name="Analyse du cycle de vie")
    asker = UserFactory(
        first_name="Camille",
        last_name="Durand",
        organisation=OrganisationFactory(name="Département du Nord"),
    )
    peer = UserFactory(first_name="Sami", last_name="Martin")
    other_member = UserFactory()  # in the network, in another group
    group.members.add(asker, peer)
    other_group.members.add(other_member)
    return SimpleNamespace(
        group=group,
        other_group=other_group,
        asker=asker,
        peer=peer,
        other_member=other_member,
        facilitator=FacilitatorFactory(),
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def photo(name="chaise.png"):
    return documents.upload(name, documents.PNG, content_type="image/png")


# Asking, answering, the best answer -----------------------------------------------------------


def test_a_member_asks_with_a_photo_and_the_other_members_are_told(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.asker).post(
            "/reseau/groupes/reemploi/discussions/nouvelle/",
            {
                "title": "Qui a déjà acheté du mobilier de réemploi ?",
                "body": "Nous cherchons **des chaises**.",
                "attachment_1": photo(),
                "alt_1": "Chaise en bois reconditionnée",
            },
        )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    attachment = Attachment.objects.get()
    assert attachment.file_format == "png"
    assert attachment.original_name == "chaise.png"
    assert [message.to for message in mail.outbox] == [[people.peer.email]]
    assert "Qui a déjà acheté du mobilier de réemploi ?" in mail.outbox[0].subject
    page = client_for(people.peer).get(thread.get_absolute_url()).content.decode()
    assert "<strong>des chaises</strong>" in page
    assert "Pièce jointe&nbsp;: chaise.png" in page
    assert 'alt="Chaise en bois reconditionnée"' in page


def test_an_attachment_is_judged_by_its_bytes_not_its_name(people):
    response = client_for(people.asker).post(
        "/reseau/groupes/reemploi/discussions/nouvelle/",
        {
            "title": "Question",
            "body": "Texte",
            "attachment_1": documents.upload("photo.png", b"<script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert "n&#x27;est ni un document" in response.content.decode()
    assert not Thread.objects.exists()


def test_markdown_of_a_reply_is_sanitised(people):
    thread = ThreadFactory(group=people.group, author=people.asker)
    client_for(people.peer).post(
        thread.get_absolute_url(), {"body": "Voir <script>alert(1)</script> **ici**"}
    )
    page = client_for(people.asker).get(thread.get_absolute_url()).content.decode()
    assert "<strong>ici</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_a_reply_tells_the_asker_who_stops_it_in_one_click(
    people, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(group=people.group, author=people.asker)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.peer).post(thread.get_absolute_url(), {"body": "Voici notre CCTP."})
    assert [message.to for message in mail.outbox] == [[people.asker.email]]
    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in mail.outbox[0].body
    # A mail client's one-click POST: no session, no CSRF token.
    path = unsubscribe.split("testserver", 1)[-1].replace("http://localhost:8000", "")
    response = Client(enforce_csrf_checks=True).post(path[path.index("/reseau/") :])
    assert "vous ne recevrez plus" in response.content.decode()
    assert NotificationSettings.objects.get(user=people.asker).replies is False
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.peer).post(thread.get_absolute_url(), {"body": "Et aussi ceci."})
    assert mail.outbox == []


def test_the_asker_marks_the_best_answer_and_a_facilitator_makes_it_public_without_names(people):
    thread = ThreadFactory(
        group=people.group, author=people.asker, title="Chaises de réemploi : quel lot ?"
    )
    reply = ReplyFactory(thread=thread, author=people.peer, body="Un lot **séparé** réservé.")
    best_url = f"/reseau/groupes/reemploi/discussions/{thread.pk}/meilleure-reponse/"
    publish_url = f"/reseau/groupes/reemploi/discussions/{thread.pk}/publication/"

    assert client_for(people.peer).post(best_url, {"reply": reply.pk}).status_code == 403
    client_for(people.asker).post(best_url, {"reply": reply.pk})
    thread.refresh_from_db()
    assert thread.best_reply == reply

    assert client_for(people.asker).post(publish_url, {"action": "publish"}).status_code == 403
    client_for(people.facilitator).post(publish_url, {"action": "publish"})
    page = Client().get("/reseau/questions/").content.decode()
    assert "Chaises de réemploi : quel lot ?" in page
    detail = Client().get(f"/reseau/questions/{thread.pk}/").content.decode()
    assert "<strong>séparé</strong>" in detail
    for name in ("Camille", "Durand", "Sami", "Martin", "Département du Nord"):
        assert name not in detail


def test_an_unanswered_question_cannot_be_made_public(people):
    thread = ThreadFactory(group=people.group, author=people.asker)
    client_for(people.facilitator).post(
        f"/reseau/groupes/reemploi/discussions/{thread.pk}/publication/", {"action": "publish"}
    )
    assert Client().get(f"/reseau/questions/{thread.pk}/").status_code == 404


def test_a_reply_of_another_thread_cannot_be_marked_best(people):
    thread = ThreadFactory(group=people.group, author=people.asker)
    elsewhere = ReplyFactory(thread=ThreadFactory(group=people.group))
    response = client_for(people.asker).post(
        f"/reseau/groupes/reemploi/discussions/{thread.pk}/meilleure-reponse/",
        {"reply": elsewhere.pk},
    )
    assert response.status_code == 404


def test_search_finds_a_question_by_the_words_of_its_replies(people):
    found = ThreadFactory(group=people.group, title="Mobilier de bureau")
    ThreadFactory(group=people.group, title="Gestion des déchets de chantier")
    client_for(people.peer).post(found.get_absolute_url(), {"body": "Pensez aux ressourceries."})
    page = (
        client_for(people.asker)
        .get("/reseau/groupes/reemploi/discussions/?q=ressourcerie")
        .content.decode()
    )
    assert "Mobilier de bureau" in page
    assert "Gestion des déchets" not in page


# Documents ------------------------------------------------------------------------------------


def test_a_member_uploads_a_document_then_a_second_version(people):
    client = client_for(people.asker)
    client.post(
        "/reseau/groupes/reemploi/documents/nouveau/",
        {
            "title": "Compte rendu du 3 mars",
            "kind": "minutes",
            "visibility": "public",
            "file": documents.upload("cr.docx", documents.docx_bytes()),
        },
    )
    document = GroupDocument.objects.get()
    client.post(
        document.get_absolute_url(),
        {"file": documents.upload("cr2.pdf", documents.pdf_bytes()), "note": "Relu"},
    )
    assert [(v.number, v.file_format) for v in document.versions.all()] == [
        (2, "pdf"),
        (1, "docx"),
    ]
    # Public: anyone reads it and downloads each version.
    anonymous = Client()
    assert "Compte rendu du 3 mars" in anonymous.get("/reseau/groupes/reemploi/").content.decode()
    assert anonymous.get(document.versions.last().get_absolute_url()).status_code == 200


def test_a_document_that_is_not_one_is_refused(people):
    response = client_for(people.asker).post(
        "/reseau/groupes/reemploi/documents/nouveau/",
        {
            "title": "CR",
            "kind": "minutes",
            "visibility": "group",
            "file": documents.upload("cr.pdf", b"MZ\x90 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert not GroupDocument.objects.exists()


# Who may do what (IDOR) -----------------------------------------------------------------------


def _targets(people):
    thread = ThreadFactory(group=people.group, author=people.asker)
    reply = ReplyFactory(thread=thread, author=people.peer)
    attachment = Attachment.objects.create(
        thread=thread, file=photo(), file_format="png", original_name="chaise.png"
    )
    document = GroupDocumentFactory(group=people.group, visibility=DocumentVisibility.GROUP)
    version = DocumentVersionFactory(document=document)
    return SimpleNamespace(thread=thread, reply=reply, attachment=attachment, version=version)


def _reads(targets):
    return [
        "/reseau/groupes/reemploi/discussions/",
        targets.thread.get_absolute_url(),
        targets.attachment.get_absolute_url(),
        targets.version.document.get_absolute_url(),
        targets.version.get_absolute_url(),
        "/reseau/groupes/reemploi/discussions/nouvelle/",
        "/reseau/groupes/reemploi/documents/nouveau/",
    ]


@pytest.mark.parametrize("who", ["other_member", "outsider"])
def test_people_outside_the_group_neither_read_nor_write_its_workspace(people, who):
    targets = _targets(people)
    user = people.other_member if who == "other_member" else UserFactory(organisation=None)
    client = client_for(user)
    for path in _reads(targets):
        assert client.get(path).status_code == 403, path
    thread_url = targets.thread.get_absolute_url()
    assert client.post(thread_url, {"body": "Intrus"}).status_code == 403
    assert (
        client.post(f"{thread_url}meilleure-reponse/", {"reply": targets.reply.pk}).status_code
        == 403
    )
    assert (
        client.post(
            targets.version.document.get_absolute_url(),
            {"file": documents.upload("x.pdf", documents.pdf_bytes())},
        ).status_code
        == 403
    )
    assert targets.thread.replies.count() == 1
    assert targets.version.document.versions.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(people):
    targets = _targets(people)
    for path in _reads(targets):
        response = Client().get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/compte/connexion/?next="), path


def test_members_of_the_group_and_facilitators_read_everything(people):
    targets = _targets(people)
    for user in (people.peer, people.facilitator):
        client = client_for(user)
        for path in _reads(targets):
            assert client.get(path).status_code == 200, path


def test_a_thread_is_not_reachable_through_another_group_s_address(people):
    thread = ThreadFactory(group=people.group)
    client = client_for(people.other_member)
    assert client.get(f"/reseau/groupes/acv/discussions/{thread.pk}/").status_code == 404


def test_leaving_the_group_closes_its_workspace(people):
    client = client_for(people.peer)
    client.post("/reseau/groupes/reemploi/adhesion/", {"action": "leave"})
    assert client.get("/reseau/groupes/reemploi/discussions/").status_code == 403


def test_the_group_page_shows_members_only_documents_to_the_group_alone(people):
    GroupDocumentFactory(group=people.group, title="Document de travail interne")
    assert (
        "Document de travail interne"
        not in Client().get("/reseau/groupes/reemploi/").content.decode()
    )
    assert (
        "Document de travail interne"
        not in client_for(people.other_member).get("/reseau/groupes/reemploi/").content.decode()
    )
    assert (
        "Document de travail interne"
        in client_for(people.peer).get("/reseau/groupes/reemploi/").content.decode()
    )


def test_login_with_password_reaches_the_workspace(people, client):
    assert client.login(email=people.asker.email, password=PASSWORD)
    assert client.get("/reseau/groupes/reemploi/discussions/").status_code == 200


def test_the_network_home_shows_the_latest_public_answers(people):
    thread = ThreadFactory(group=people.group, title="Clause de réemploi des portes")
    ThreadFactory(group=people.group, title="Question restée privée")
    thread.best_reply = ReplyFactory(thread=thread)
    thread.made_public_at = thread.created_at
    thread.save()
    page = Client().get("/reseau/").content.decode()
    assert "Clause de réemploi des portes" in page
    assert "Question restée privée" not in page
