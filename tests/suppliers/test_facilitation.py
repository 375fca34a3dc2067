"""Facilitators by territory and theme, and a support request from a member to the
facilitator of its territory, answered from the site."""

from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.urls import reverse

from apure.facilitation.models import Facilitator, RequestStatus, SupportRequest, Theme
from tests.factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nord_facilitator(geography):
    answerer = UserFactory(email="clauses@plie-exemple.fr")
    return Facilitator.objects.create(
        name="Camille Martin", structure="PLIE de Lille", theme=Theme.SOCIAL_CLAUSES,
        departements="59, 62", email="clauses@plie-exemple.fr", user=answerer,
    )  # fmt: skip


def test_directory_filters_by_departement_and_theme(client, nord_facilitator):
    Facilitator.objects.create(
        name="Réemploi Somme", structure="Réseau", theme=Theme.REUSE, departements="80",
        email="r@exemple.fr",
    )  # fmt: skip
    url = reverse("suppliers:facilitators")

    names = [f.name for f in client.get(url, {"departement": "62"}).context["facilitators"]]
    assert names == ["Camille Martin"]
    assert [f.name for f in client.get(url, {"theme": "reemploi"}).context["facilitators"]] == [
        "Réemploi Somme"
    ]
    assert "Demander un accompagnement" not in client.get(url).content.decode()


def test_request_reaches_the_facilitator_who_answers_and_the_buyer_sees_the_state(
    client, nord_facilitator, django_capture_on_commit_callbacks
):
    buyer = UserFactory()
    client.force_login(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("suppliers:request_support", args=[nord_facilitator.pk]),
            {"subject": "Lot réservé espaces verts", "message": "Marché de 2027, Nord."},
        )
    support = SupportRequest.objects.get()
    assert response["Location"] == support.get_absolute_url()
    assert mail.outbox[-1].to == ["clauses@plie-exemple.fr"]
    assert support.get_absolute_url() in mail.outbox[-1].body
    # The subject keeps its non-breaking space before the colon, as sent on the wire.
    subject = "Demande d'accompagnement\u00a0: Lot réservé espaces verts"
    assert mail.outbox[-1].subject == subject
    assert str(make_header(decode_header(mail.outbox[-1].message()["Subject"]))) == subject

    client.force_login(nord_facilitator.user)
    assert (
        "Lot réservé espaces verts"
        in client.get(reverse("suppliers:support_requests")).content.decode()
    )
    action = reverse("suppliers:support_request_action", args=[support.pk, "prendre-en-charge"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action, {"answer": "Je vous appelle lundi."})
    assert mail.outbox[-1].to == [buyer.email]
    assert mail.outbox[-1].subject == (
        "Votre demande « Lot réservé espaces verts »\u00a0: prise en charge"
    )

    client.force_login(buyer)
    page = client.get(support.get_absolute_url()).content.decode()
    assert "Prise en charge" in page and "Je vous appelle lundi." in page
    assert "Clore la demande" not in page  # the buyer follows, the facilitator answers
    assert client.post(action).status_code == 403


def test_other_members_neither_see_nor_answer_a_request(client, nord_facilitator):
    support = SupportRequest.objects.create(
        facilitator=nord_facilitator, requester=UserFactory(), subject="Clause", message="?"
    )
    client.force_login(UserFactory())

    assert client.get(support.get_absolute_url()).status_code == 403
    close = reverse("suppliers:support_request_action", args=[support.pk, "clore"])
    assert client.post(close).status_code == 403
    client.logout()
    assert client.get(support.get_absolute_url()).status_code == 302  # to the log-in page

    client.force_login(FacilitatorFactory())  # the network's facilitators answer every request
    client.post(close, {"answer": "Réglé par téléphone."})
    support.refresh_from_db()
    assert (support.status, support.answer) == (RequestStatus.CLOSED, "Réglé par téléphone.")
