"""The members' directory: who buys what, where; consent given and withdrawn."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apure.network.models import DirectoryListing
from apure.reference.models import Departement, Region
from tests.clauses.factories import SegmentFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.network.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    region = Region.objects.create(code="32", name="Hauts-de-France")
    nord = Departement.objects.create(code="59", name="Nord", region=region, zone="metro")
    somme = Departement.objects.create(code="80", name="Somme", region=region, zone="metro")
    return region, nord, somme


def listed(user, *segments):
    listing = DirectoryListing.objects.create(user=user)
    listing.segments.set(segments)
    return listing


def test_a_member_finds_who_buys_it_in_the_nord(territory, client):
    region, nord, somme = territory
    it = SegmentFactory(code="materiel-informatique", label="Matériel informatique")
    food = SegmentFactory(code="restauration-collective", label="Restauration collective")
    nord_buyer = UserFactory(
        first_name="Alix", last_name="Informatique",
        organisation=OrganisationFactory(name="Département du Nord", departement=nord),
    )  # fmt: skip
    regional_buyer = UserFactory(
        first_name="Noa", last_name="Regional",
        organisation=OrganisationFactory(name="Région Hauts-de-France", region=region),
    )  # fmt: skip
    somme_buyer = UserFactory(
        last_name="Sommois", organisation=OrganisationFactory(departement=somme)
    )
    canteen = UserFactory(last_name="Cantine", organisation=OrganisationFactory(departement=nord))
    listed(nord_buyer, it)
    listed(regional_buyer, it)
    listed(somme_buyer, it)
    listed(canteen, food)
    UserFactory(last_name="Discret", organisation=OrganisationFactory(departement=nord))

    client.force_login(UserFactory())
    page = client.get("/membres/annuaire/?segment=materiel-informatique&territoire=59")
    text = page.content.decode()
    assert "Alix Informatique" in text
    assert "Noa Regional" in text  # a regional body buys for the Nord too
    assert "Sommois" not in text
    assert "Cantine" not in text
    assert "Discret" not in text  # never agreed to appear


def test_the_directory_is_for_signed_in_members_only(client):
    listed(UserFactory(last_name="Visible"))
    assert client.get("/membres/annuaire/").status_code == 302
    client.force_login(UserFactory(organisation=None))
    assert client.get("/membres/annuaire/").status_code == 403


def test_consent_is_recorded_then_withdrawn_leaving_nothing(client):
    segment = SegmentFactory(code="mobilier", label="Mobilier")
    member = UserFactory()
    client.force_login(member)
    response = client.post("/membres/annuaire/ma-fiche/", {"segments": ["mobilier"]})
    assert response.status_code == 200  # the consent box is required
    assert not DirectoryListing.objects.exists()
    client.post("/membres/annuaire/ma-fiche/", {"segments": ["mobilier"], "consent": "on"})
    listing = DirectoryListing.objects.get(user=member)
    assert list(listing.segments.all()) == [segment]
    assert listing.consented_at is not None
    client.post("/membres/annuaire/ma-fiche/", {"action": "withdraw"})
    assert not DirectoryListing.objects.exists()


def test_a_body_page_shows_its_groups(client):
    body = OrganisationFactory(name="Ville exemple")
    group = WorkingGroupFactory(name="Réemploi des matériaux")
    group.members.add(UserFactory(organisation=body))
    assert "Réemploi des matériaux" in client.get(body.get_absolute_url()).content.decode()


def test_a_body_known_by_siren_only_links_to_its_contracts_in_the_observatory(client):
    body = OrganisationFactory(name="Département exemple", siren="225900018", siret="")
    page = client.get(body.get_absolute_url()).content.decode()
    assert 'href="/observatoire/recherche/?q=225900018"' in page


def test_the_directory_does_not_query_per_person(client):
    segment = SegmentFactory()
    group = WorkingGroupFactory()

    def add(count):
        for _ in range(count):
            user = UserFactory()
            group.members.add(user)
            listed(user, segment)

    client.force_login(UserFactory())
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/membres/annuaire/")
    add(5)
    with CaptureQueriesContext(connection) as many:
        client.get("/membres/annuaire/")
    assert len(many) == len(few)
