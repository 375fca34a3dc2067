"""Facilitators invite people, who choose their own password from the e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from apure.organisations.models import Role, User
from tests.factories import PASSWORD, FacilitatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/membres/inviter/"


def invite(client, **fields):
    data = {"email": "Claire.Martin@Arras.fr", "first_name": "Claire", "last_name": "Martin",
            "job_title": "Acheteuse", "role": Role.MEMBER, **fields}  # fmt: skip
    return client.post(URL, data, follow=True)


def test_an_invited_member_chooses_a_password_then_logs_in(client):
    arras = OrganisationFactory(name="Ville d'Arras")
    client.force_login(FacilitatorFactory(first_name="Anne", last_name="Animatrice"))
    response = invite(client, organisation=arras.pk)
    assert "un e-mail l&#x27;invite à choisir son mot de passe" in response.content.decode()
    user = User.objects.get(email="claire.martin@arras.fr")
    assert (user.organisation, user.role, user.is_facilitator) == (arras, Role.MEMBER, False)
    (message,) = mail.outbox
    assert message.to == ["claire.martin@arras.fr"]
    assert "Anne Animatrice vous a créé un compte" in message.body
    assert "pour Ville d'Arras" in message.body

    client.logout()
    link = re.search(r"http://\S+/compte/mot-de-passe/nouveau/\S+/", message.body)[0]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    chosen = "Mon-mot-de-passe-2026"
    client.post(form_url, {"new_password1": chosen, "new_password2": chosen})
    response = client.post(
        reverse("accounts:login"), {"username": "claire.martin@arras.fr", "password": chosen}
    )
    assert response.status_code == 302
    # The link works once.
    client.logout()
    assert "plus valable" in client.get(link, follow=True).content.decode()


def test_an_address_with_an_account_is_refused_in_french(client):
    UserFactory(email="claire.martin@arras.fr")
    client.force_login(FacilitatorFactory())
    response = invite(client)
    assert "Un compte existe déjà pour l&#x27;adresse claire.martin@arras.fr" in (
        response.content.decode()
    )
    assert mail.outbox == []


def test_only_administrators_make_facilitators(client):
    client.force_login(FacilitatorFactory())
    response = invite(client, role=Role.FACILITATOR)
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not User.objects.filter(email="claire.martin@arras.fr").exists()


def test_members_and_visitors_cannot_invite(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))
    member = UserFactory()
    client.login(email=member.email, password=PASSWORD)
    assert client.get(URL).status_code == 403
    assert invite(client).status_code == 403
    assert User.objects.count() == 1


def test_an_invited_facilitator_can_use_the_admin(client):
    administrator = FacilitatorFactory(role=Role.ADMINISTRATOR)
    client.force_login(administrator)
    invite(client, role=Role.FACILITATOR)
    invited = User.objects.get(email="claire.martin@arras.fr")
    client.force_login(invited)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/network/news/").status_code == 200
    assert client.get("/admin/organisations/user/").status_code == 403  # never accounts


def test_an_invitation_that_cannot_be_sent_creates_no_account(client, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")

    monkeypatch.setattr("apure.organisations.invitations.send_mail", refuse)
    client.force_login(FacilitatorFactory())
    response = invite(client)
    assert "n&#x27;a pas pu être envoyé" in response.content.decode()
    assert not User.objects.filter(email="claire.martin@arras.fr").exists()


def test_a_person_without_a_member_body_is_not_offered_proposals_they_cannot_make(client):
    client.force_login(UserFactory(organisation=None))
    html = client.get(reverse("members:space")).content.decode()
    assert "Proposer une actualité" not in html
    assert "ouvertes aux personnes rattachées à une structure membre" in html
