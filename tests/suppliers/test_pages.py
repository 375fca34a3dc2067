"""The directory pages: search, the supplier page with its public references, and who may
edit a record."""

from datetime import date

import pytest
from django.urls import reverse

from apure.reference.models import Commune
from apure.suppliers.models import Supplier
from tests.factories import FacilitatorFactory, UserFactory

from .conftest import SUPPLIER_SIRET
from .factories import SupplierFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/outils/fournisseurs/"


@pytest.fixture
def nord(geography):
    for code, name, postcode in (("59512", "Roubaix", "59100"), ("59350", "Lille", "59000")):
        Commune.objects.create(code=code, name=name, departement_id="59", postcodes=postcode)


def names(response):
    return [supplier.name for supplier in response.context["page"].object_list]


def test_search_by_kind_words_departement_and_distance(client, nord):
    SupplierFactory(name="Jardins de Roubaix", kinds=",ACI,AI,")
    SupplierFactory(name="ESAT de Lille", kinds=",ESAT,", commune_code="59350",
                    activities="Blanchisserie")  # fmt: skip
    SupplierFactory(name="Interim Arras", kinds=",ETTI,", commune_code="62041", post_code="62000",
                    commune_name="Arras", activities="Travail temporaire")  # fmt: skip
    SupplierFactory(name="Insertion par le travail indépendant", kinds=",EITI,",
                    commune_code="75056", post_code="75001", commune_name="Paris")  # fmt: skip

    assert names(client.get(DIRECTORY, {"kind": "EI"})) == []  # « EI » is not « EITI »
    assert names(client.get(DIRECTORY, {"kind": "SIAE", "departement": "59"})) == [
        "Jardins de Roubaix"
    ]
    assert names(client.get(DIRECTORY, {"words": "espace vert"})) == [
        "Insertion par le travail indépendant",
        "Jardins de Roubaix",
    ]
    near_lille = client.get(DIRECTORY, {"commune": "59350", "radius_km": "30"})
    assert names(near_lille) == ["ESAT de Lille", "Jardins de Roubaix"]
    assert "km" in near_lille.content.decode()


def test_directory_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    SupplierFactory.create_batch(30)
    with django_assert_max_num_queries(4):  # session-less: count, page, départements
        response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert len(names(response)) == 25


def test_old_sources_are_labelled_on_every_record(client):
    SupplierFactory(name="Liste de 2019", source_date=date(2019, 7, 1))
    SupplierFactory(name="Fiche récente", source_date=date(2026, 5, 20))

    page = client.get(DIRECTORY).content.decode()

    assert page.count("Information ancienne, à vérifier") == 1
    assert "Source&nbsp;: Liste d&#x27;essai, juillet 2019" in page


def test_supplier_page_lists_the_public_contracts_its_company_won(client, holders_store):
    supplier = SupplierFactory(siret=SUPPLIER_SIRET, name="Jardins solidaires")

    response = client.get(supplier.get_absolute_url())

    refs = response.context["refs"]
    assert (refs.contracts, refs.reserved, refs.social, refs.buyers) == (3, 1, 2, 2)
    assert refs.same_establishment == 2
    page = response.content.decode()
    assert "Entretien des espaces verts – lot réservé" in page
    assert "Marché réservé" in page
    assert "Fournitures de bureau" not in page  # won by another company
    assert ">test<" not in page  # a vendor's test record is not a contract


def test_supplier_page_says_when_no_contract_is_known(client, holders_store):
    supplier = SupplierFactory(name="Atelier nouveau")

    page = client.get(supplier.get_absolute_url()).content.decode()

    assert "Aucun marché public publié n'a été trouvé" in page


def test_members_cannot_edit_the_directory(client, geography):
    supplier = SupplierFactory()
    client.force_login(UserFactory())

    assert client.get(reverse("suppliers:edit", args=[supplier.siret])).status_code == 403
    response = client.post(
        reverse("suppliers:edit", args=[supplier.siret]),
        {"name": "Piraté", "kind_list": ["EA"], "source": "x", "source_date": "2026-10-01"},
    )
    assert response.status_code == 403
    assert client.get(reverse("suppliers:create")).status_code == 403
    supplier.refresh_from_db()
    assert supplier.name != "Piraté"
    assert "Modifier la fiche" not in client.get(supplier.get_absolute_url()).content.decode()


def test_facilitators_add_and_correct_records(client, geography):
    facilitator = FacilitatorFactory()
    client.force_login(facilitator)

    response = client.post(
        reverse("suppliers:create"),
        {"siret": "77554456201361", "name": "Entreprise adaptée du Nord",
         "kind_list": ["EA"], "post_code": "59100", "commune_code": "59512",
         "source": "Échange avec la structure", "source_date": "2026-10-01"},
    )  # fmt: skip

    supplier = Supplier.objects.get(siret="77554456201361")
    assert response.status_code == 302 and response["Location"] == supplier.get_absolute_url()
    assert (supplier.kind_list, supplier.departement, supplier.updated_by) == (
        ["EA"], "59", facilitator,
    )  # fmt: skip
    response = client.post(
        reverse("suppliers:edit", args=[supplier.siret]),
        {"name": "EA du Nord", "kind_list": ["EA", "ESS"], "source": "Visite",
         "source_date": "2026-10-02"},
    )  # fmt: skip
    supplier.refresh_from_db()
    assert (supplier.name, supplier.kind_list) == ("EA du Nord", ["EA", "ESS"])
    edit = {"name": "EA du Nord", "kind_list": ["EA"], "source": "Visite",
            "source_date": "2026-10-02"}  # fmt: skip
    client.post(reverse("suppliers:edit", args=[supplier.siret]), {**edit, "naf": "81.30z"})
    supplier.refresh_from_db()
    assert supplier.naf == "8130Z"  # what the search by segment reads
    refused = client.post(reverse("suppliers:edit", args=[supplier.siret]), {**edit, "naf": "vert"})
    assert "Code NAF invalide" in refused.content.decode()


def test_facilitators_see_reserved_contract_holders_missing_from_the_directory(
    client, geography, holders_store
):
    url = reverse("suppliers:to_qualify")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(FacilitatorFactory())

    before = client.get(url).context["holders"]
    SupplierFactory(siret=SUPPLIER_SIRET)
    after = client.get(url).context["holders"]

    assert [(h["siret"], h["contracts"]) for h in before] == [(SUPPLIER_SIRET, 1)]
    assert after == []
    form = client.get(reverse("suppliers:create"), {"siret": SUPPLIER_SIRET, "nom": "Jardins"})
    assert form.context["form"]["siret"].value() == SUPPLIER_SIRET
