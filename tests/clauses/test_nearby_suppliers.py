"""The recommender's « structures inclusives à proximité » block: counts for the project's
segment and commune, the link to the list, and the advice when there are none."""

import pytest
from django.urls import reverse

from apure.reference.models import Commune
from tests.suppliers.conftest import SUPPLIER_SIRET, holders_store  # noqa: F401 (a fixture)
from tests.suppliers.factories import SupplierFactory

from .test_views import RECOMMEND, page

pytestmark = pytest.mark.django_db

CLEANING = {**RECOMMEND, "objet": "Nettoyage des locaux de la mairie", "cpv": "90910000",
            "montant": "300000"}  # fmt: skip


@pytest.fixture
def communes(geography):
    for code, name in (("59350", "Lille"), ("59512", "Roubaix"), ("75056", "Paris")):
        Commune.objects.create(code=code, name=name, departement_id=code[:2], postcodes="")


def block(html):
    start = html.index('id="fournisseurs"')
    return html[start : html.index('id="pairs"')]


@pytest.mark.usefixtures("holders_store")
def test_counts_the_nearby_siae_and_esat_of_the_segment_and_who_won_reserved_contracts(
    library, cpv_codes, communes, client
):
    SupplierFactory(siret=SUPPLIER_SIRET, name="Propreté solidaire", naf="8121Z")
    SupplierFactory(name="Nettoyage d'insertion", kinds=",EI,", naf="8122Z")
    SupplierFactory(name="ESAT Propreté", kinds=",ESAT,", naf="8121Z", commune_code="59350")
    SupplierFactory(name="ESAT sans activité", kinds=",ESAT,", naf="", commune_code="59350")
    SupplierFactory(name="Paysagiste", naf="8130Z")  # another trade
    SupplierFactory(name="Propreté parisienne", naf="8121Z", commune_code="75056")

    html = block(page(client, reverse("clauses:recommend"), {**CLEANING, "commune": "Lille"}))

    assert "2 SIAE et 1 ESAT à moins de 30 km de Lille</strong> exercent dans" in html
    assert "1 a déjà remporté des marchés publics réservés" in html
    assert "?segment=nettoyage&amp;commune=59350&amp;radius_km=30" in html
    assert "1 autre structure à moins de 30 km a une activité inconnue" in html


def test_says_so_when_there_is_none_nearby(library, cpv_codes, communes, client):
    SupplierFactory(name="Propreté parisienne", naf="8121Z", commune_code="75056")

    html = block(page(client, reverse("clauses:recommend"), {**CLEANING, "commune": "59350"}))

    assert "Aucune structure d'insertion, ESAT ou entreprise adaptée" in html
    assert "un lot réservé risquerait d'être infructueux" in html


def test_the_commune_is_optional_and_checked(library, cpv_codes, communes, client):
    without = block(page(client, reverse("clauses:recommend"), CLEANING))
    assert "Indiquez la commune d'exécution" in without
    assert "?segment=nettoyage" in without

    unknown = block(
        page(client, reverse("clauses:recommend"), {**CLEANING, "commune": "Atlantide"})
    )
    assert "Commune « Atlantide » introuvable" in unknown
