"""Nobody edits another body's lots or follows its reservations; no contact without an account."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apure.reuse import workflow
from apure.reuse.models import LotStatus
from tests.factories import UserFactory

from .factories import LotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot(communes):
    return LotFactory(site_address="12 rue Secrète")


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/outils/reemploi/lots/{pk}/modifier/"),
        ("post", "/outils/reemploi/lots/{pk}/modifier/"),
        ("post", "/outils/reemploi/lots/{pk}/retirer/"),
        ("post", "/outils/reemploi/lots/{pk}/publier/"),
    ],
)
def test_a_member_of_another_body_cannot_change_a_lot(client, lot, method, path):
    client.force_login(UserFactory())
    response = getattr(client, method)(path.format(pk=lot.pk), {"title": "Piraté"})
    assert response.status_code == 403
    lot.refresh_from_db()
    assert lot.title != "Piraté" and lot.status == LotStatus.PUBLISHED


def test_a_draft_is_hidden_from_other_bodies(client, communes):
    draft = LotFactory(status=LotStatus.DRAFT)
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(organisation=draft.organisation))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_visitors_see_lots_without_contacts(client, lot):
    for path in ("/outils/reemploi/", lot.get_absolute_url()):
        page = client.get(path).content.decode()
        assert lot.title in page
        assert lot.contact_email not in page
        assert lot.contact_phone not in page
        assert "12 rue Secrète" not in page


def test_members_see_contacts(client, lot):
    client.force_login(UserFactory())
    page = client.get(lot.get_absolute_url()).content.decode()
    assert lot.contact_email in page and "12 rue Secrète" in page


def test_a_body_cannot_reserve_its_own_lot(client, lot):
    client.force_login(UserFactory(organisation=lot.organisation))
    assert (
        client.post(f"/outils/reemploi/lots/{lot.pk}/demander/", {"quantity": "1"}).status_code
        == 403
    )


def test_visitors_cannot_reserve(client, lot):
    response = client.post(f"/outils/reemploi/lots/{lot.pk}/demander/", {"quantity": "1"})
    assert response.status_code == 302 and "/compte/" in response.url
    assert not lot.reservations.exists()


def test_a_third_body_cannot_see_or_act_on_a_reservation(client, lot):
    reservation = workflow.request(lot, UserFactory(), Decimal(2))
    client.force_login(UserFactory())
    assert client.get(reservation.get_absolute_url()).status_code == 404
    assert (
        client.post(f"/outils/reemploi/reservations/{reservation.pk}/accepter/").status_code == 404
    )
    reservation.refresh_from_db()
    assert reservation.status == "demandee"


def test_the_requester_cannot_accept_its_own_request(client, lot):
    requester = UserFactory()
    reservation = workflow.request(lot, requester, Decimal(2))
    client.force_login(requester)
    assert (
        client.post(f"/outils/reemploi/reservations/{reservation.pk}/accepter/").status_code == 403
    )
    reservation.refresh_from_db()
    assert reservation.status == "demandee"


def test_a_body_export_needs_an_account(client, lot):
    # A visitor is asked to sign in (QA: a bare 403 told them nothing), and gets no rows.
    answer = client.get("/outils/reemploi/impact/export-structure.csv")
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))
    assert client.get("/outils/reemploi/impact/export-reseau.csv").status_code == 200


def test_saved_searches_are_private(client, communes):
    owner = UserFactory()
    client.force_login(owner)
    client.post("/outils/reemploi/alertes/", {"words": "portes"})
    saved = owner.reuse_searches.get()
    client.force_login(UserFactory())
    assert client.post(f"/outils/reemploi/alertes/{saved.pk}/supprimer/").status_code == 404
    assert owner.reuse_searches.exists()
