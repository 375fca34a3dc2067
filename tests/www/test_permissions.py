from django.urls import reverse

from tests.factories import PASSWORD, FacilitatorFactory, OrganisationFactory, UserFactory


def test_member_edits_own_body(db, client):
    user = UserFactory()
    client.login(email=user.email, password=PASSWORD)
    url = reverse("members:edit", args=[user.organisation.slug])
    name = user.organisation.name
    response = client.post(
        url,
        {"name": "Région Hauts-de-France", "siren": "200053742",
         "description": "Nouvelle présentation"},
    )  # fmt: skip
    assert response.status_code == 302
    user.organisation.refresh_from_db()
    assert user.organisation.description == "Nouvelle présentation"
    # A member cannot take another body's identity: names and SIREN stay with facilitators.
    assert user.organisation.name == name and user.organisation.siren != "200053742"


def test_member_cannot_edit_another_body(db, client):
    user = UserFactory()
    other = OrganisationFactory(name="Métropole européenne de Lille", slug="mel")
    client.login(email=user.email, password=PASSWORD)
    url = reverse("members:edit", args=[other.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "Piraté", "description": "x"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Métropole européenne de Lille"


def test_visitor_is_sent_to_login_and_cannot_edit(db, client):
    other = OrganisationFactory(name="MEL", slug="mel")
    response = client.post(reverse("members:edit", args=[other.slug]), {"name": "Piraté"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.name == "MEL"


def test_facilitator_edits_any_body(db, client):
    facilitator = FacilitatorFactory()
    other = OrganisationFactory(name="MEL", slug="mel")
    client.login(email=facilitator.email, password=PASSWORD)
    response = client.post(
        reverse("members:edit", args=[other.slug]),
        {"name": "Métropole européenne de Lille", "siren": "200093201"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.siren == "200093201"


def test_invalid_siren_is_rejected_in_the_form(db, client):
    facilitator = FacilitatorFactory()
    client.login(email=facilitator.email, password=PASSWORD)
    response = client.post(
        reverse("members:edit", args=[facilitator.organisation.slug]),
        {"name": "X", "siren": "123456789"},
    )
    assert response.status_code == 200
    assert "est invalide" in response.content.decode()
