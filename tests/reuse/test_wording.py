"""What a member reads on the exchange's pages: quantities, plurals, figures without a factor."""

import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apure.reuse import inventory
from apure.reuse.models import Lot
from tests.factories import OrganisationFactory, UserFactory

from .factories import LotFactory

pytestmark = pytest.mark.django_db

HEADER = ";".join(inventory.COLUMNS)
ROW = (
    "Lavabos;Plomberie et sanitaires;;{quantity};u;15;Bon état;;;59350;01/09/2026;;"
    "Déjà déposé, à enlever sur place;Gratuit;120"
)


def upload(*quantities):
    rows = [ROW.format(quantity=quantity) for quantity in quantities]
    return SimpleUploadedFile("inv.csv", "\n".join([HEADER, *rows]).encode(), "text/csv")


def test_the_request_form_offers_10_not_10_000(client, communes):
    lot = LotFactory(quantity=Decimal("10.000"))
    client.force_login(UserFactory(organisation=OrganisationFactory()))
    page = client.get(lot.get_absolute_url()).content.decode()
    assert 'name="quantity" value="10"' in page
    assert "10.000" not in page
    assert f"Quantité souhaitée ({lot.unit_symbol})" in html.unescape(page)


def test_one_error_and_one_lot_are_told_in_the_singular(client, communes):
    client.force_login(UserFactory())
    page = html.unescape(
        client.post("/outils/reemploi/import/", {"file": upload("douze")}).content.decode()
    )
    text = " ".join(page.split())
    assert "corrigez cette erreur dans le fichier" in text and "ces 1 erreur" not in text
    response = client.post("/outils/reemploi/import/", {"file": upload("12")}, follow=True)
    assert "1 lot importé en brouillon\u00a0: relisez-le et publiez-le." in html.unescape(
        response.content.decode()
    )
    assert Lot.objects.count() == 1


def test_a_category_without_factor_shows_no_count_rather_than_zero(client, communes):
    from django.utils import timezone

    from apure.reuse import workflow

    lot = LotFactory(quantity=Decimal(10), unit_mass_kg=Decimal(100), new_unit_value_eur=900)
    taker = UserFactory(organisation=OrganisationFactory())
    owner = UserFactory(organisation=lot.organisation)
    reservation = workflow.request(lot, taker, Decimal(2), "")
    workflow.accept(reservation, owner)
    workflow.hand_over(reservation, owner, Decimal(2), timezone.localdate(), None)
    text = " ".join(html.unescape(client.get("/outils/reemploi/impact/").content.decode()).split())
    assert "1 800 €" in text  # thousands grouped (narrow no-break space)
    assert "connu</strong> : ses émissions évitées ne sont pas comptées" in text
    assert "<td> non compté </td>" in text


def test_the_edit_form_shows_quantities_without_trailing_zeros(client, communes):
    lot = LotFactory(quantity=Decimal("24.000"), unit_mass_kg=Decimal("2.500"))
    client.force_login(UserFactory(organisation=lot.organisation))
    page = client.get(f"/outils/reemploi/lots/{lot.pk}/modifier/").content.decode()
    assert 'value="24"' in page and 'value="2.5"' in page and "24.000" not in page
