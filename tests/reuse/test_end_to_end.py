"""A member publishes lots from a PEMD-style inventory, another finds one by distance, reserves
part of it, the owner accepts, the hand-over is recorded, both dashboards show the impact."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from apure.reuse import inventory, workflow
from apure.reuse.models import Lot, LotStatus, Reservation, ReservationStatus
from tests.factories import OrganisationFactory, UserFactory

from .factories import LotFactory

pytestmark = pytest.mark.django_db

HEADER = ";".join(inventory.COLUMNS)


def inventory_file(*rows):
    text = "\n".join([HEADER, *rows])
    return SimpleUploadedFile("inventaire.csv", text.encode("utf-8"), content_type="text/csv")


CHAIRS = (
    "Chaises de réunion en bois;Mobilier;Assise bois;40;u;8;Bon état;;1 rue Test;59350;"
    "01/01/2026;31/12/2026;Déjà déposé, à enlever sur place;Gratuit;90"
)


def test_inventory_to_hand_over_with_impact_on_both_dashboards(client, communes):
    owner = UserFactory(organisation=OrganisationFactory(name="Métropole exemple"))
    taker = UserFactory(organisation=OrganisationFactory(name="Ville de Roubaix exemple"))

    # The owner imports the inventory: one draft lot, then publishes it with a factor.
    client.force_login(owner)
    response = client.post("/outils/reemploi/import/", {"file": inventory_file(CHAIRS)})
    assert response.status_code == 302
    lot = Lot.objects.get(organisation=owner.organisation)
    assert lot.status == LotStatus.DRAFT
    Lot.objects.filter(pk=lot.pk).update(factor_id=_factor("mobilier-masse"))
    client.post(f"/outils/reemploi/lots/{lot.pk}/publier/")
    lot.refresh_from_db()
    assert lot.status == LotStatus.PUBLISHED

    # The taker, in Roubaix, finds it within 30 km and sees the contact.
    client.force_login(taker)
    page = client.get("/outils/reemploi/", {"commune": "59512", "radius_km": "30"})
    assert "Chaises de réunion en bois" in page.content.decode()
    assert "à 11 km" in page.content.decode()
    assert lot.contact_email in client.get(lot.get_absolute_url()).content.decode()

    # Reserves 10 of the 40 chairs.
    response = client.post(f"/outils/reemploi/lots/{lot.pk}/demander/", {"quantity": "10"})
    reservation = Reservation.objects.get()
    assert response.url == reservation.get_absolute_url()
    assert mail.outbox[-1].to == [lot.contact_email]

    # The owner accepts: the lot is split, 30 chairs stay on offer.
    client.force_login(owner)
    client.post(f"/outils/reemploi/reservations/{reservation.pk}/accepter/")
    reservation.refresh_from_db()
    lot.refresh_from_db()
    assert reservation.status == ReservationStatus.ACCEPTED
    assert lot.quantity == 30 and lot.status == LotStatus.PUBLISHED
    assert reservation.lot.parent == lot and reservation.lot.quantity == 10
    assert mail.outbox[-1].to == [taker.email]

    today = timezone.localdate()
    client.post(
        f"/outils/reemploi/reservations/{reservation.pk}/date/", {"removal_date": today.isoformat()}
    )
    # Only 8 chairs are taken: the 2 others go back on offer.
    client.post(
        f"/outils/reemploi/reservations/{reservation.pk}/remise/",
        {"quantity": "8", "on": today.isoformat()},
    )
    reservation.refresh_from_db()
    lot.refresh_from_db()
    assert reservation.status == ReservationStatus.HANDED_OVER
    assert reservation.mass_kg == Decimal(64)
    assert reservation.value_eur == Decimal(720)
    assert reservation.co2e_kg == Decimal("117.312")  # 64 kg × 1.833 kgCO2e/kg
    assert "20907" in reservation.co2e_source
    assert lot.quantity == 32
    assert [e.status for e in reservation.events.all()] == [
        "demandee",
        "acceptee",
        "planifiee",
        "remise",
    ]
    assert len(mail.outbox) == 4  # request, accepted, removal date, hand-over
    assert set(mail.outbox[-1].to) == {lot.contact_email, taker.email}

    for user in (owner, taker):
        client.force_login(user)
        dashboard = client.get("/outils/reemploi/impact/ma-structure/").content.decode()
        assert "0,06 t" in dashboard  # 64 kg
        assert "0,12 tCO2e" in dashboard
    public = client.get("/outils/reemploi/impact/").content.decode()
    assert "1</span> remise" in public


def _factor(code):
    from apure.reuse.models import ImpactFactor

    return ImpactFactor.objects.get(code=code).pk


def test_unanswered_requests_expire_and_the_requester_is_told(communes):
    lot = LotFactory()
    requester = UserFactory()
    reservation = workflow.request(lot, requester, Decimal(2))
    mail.outbox.clear()
    Reservation.objects.filter(pk=reservation.pk).update(
        created_at=timezone.now() - timedelta(days=workflow.REQUEST_EXPIRY_DAYS + 1)
    )
    fresh = workflow.request(lot, UserFactory(), Decimal(1))
    mail.outbox.clear()

    call_command("reuse_daily")

    reservation.refresh_from_db()
    fresh.refresh_from_db()
    assert reservation.status == ReservationStatus.EXPIRED
    assert fresh.status == ReservationStatus.REQUESTED
    assert [m.to for m in mail.outbox] == [[requester.email]]
    assert "expiré" in mail.outbox[0].subject


def test_cancelling_an_accepted_part_puts_it_back_on_offer(communes):
    lot = LotFactory(quantity=Decimal(20))
    owner = UserFactory(organisation=lot.organisation)
    reservation = workflow.request(lot, UserFactory(), Decimal(5))
    workflow.accept(reservation, owner)
    lot.refresh_from_db()
    assert lot.quantity == 15

    workflow.cancel(reservation, owner)

    lot.refresh_from_db()
    reservation.refresh_from_db()
    assert lot.quantity == 20
    assert reservation.lot.status == LotStatus.WITHDRAWN
    assert reservation.status == ReservationStatus.CANCELLED


def test_a_request_larger_than_the_lot_is_refused(client, communes):
    lot = LotFactory(quantity=Decimal(3))
    client.force_login(UserFactory())
    response = client.post(
        f"/outils/reemploi/lots/{lot.pk}/demander/", {"quantity": "5"}, follow=True
    )
    assert "Demandez une quantité entre 0 et 3" in response.content.decode()
    assert not Reservation.objects.exists()


def test_saved_search_mails_new_matching_lots_once(client, communes):
    member = UserFactory()
    client.force_login(member)
    client.post("/outils/reemploi/alertes/", {"category": "cloisons", "words": "portes"})
    LotFactory(title="Portes coupe-feu", published_at=timezone.now() + timedelta(seconds=1))
    LotFactory(
        title="Radiateurs", category="cvc", published_at=timezone.now() + timedelta(seconds=1)
    )

    later = timezone.now() + timedelta(minutes=1)
    from apure.reuse import alerts

    assert alerts.send_saved_searches(now=later) == 1
    assert "Portes coupe-feu" in mail.outbox[0].body
    assert "Radiateurs" not in mail.outbox[0].body
    assert alerts.send_saved_searches(now=later + timedelta(days=1)) == 0


def test_a_wanted_post_tells_the_owners_of_matching_lots(client, communes):
    lot = LotFactory(title="Radiateurs en fonte", category="cvc", commune_id="59183")
    LotFactory(title="Radiateurs à Paris", category="cvc", commune_id="75056")
    member = UserFactory()
    client.force_login(member)
    client.post(
        "/outils/reemploi/recherches/",
        {
            "title": "Radiateurs",
            "category": "cvc",
            "words": "radiateur",
            "commune": "59350",
            "radius_km": "100",
        },
    )
    assert [m.to for m in mail.outbox] == [[lot.contact_email]]
