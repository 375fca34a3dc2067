import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import store_query
from apure.reference.models import Commune
from tests.factories import OrganisationFactory
from tests.observatory import store_builder

BODY_SIREN = "225900018"
HEAD_SIRET = "22590001800011"
OTHER_SIRET = "22590001801244"


def _reset():
    store.close()
    store_query.clear_cache()


def contract(siret, number, **values):
    return {
        "buyer_siret": siret,
        "buyer_name": "Département exemple",
        "buyer_kind": "departement",
        "buyer_departement": "59",
        "buyer_region": "32",
        "contract_id": f"{siret}-{number}",
        "notification_date": "2024-03-01",
        "cpv": "45000000",
        "amount": 100_000,
        "object": "Travaux",
        **values,
    }


def small_store_contracts():
    """2024, two SIRETs of the body: 10 contracts, social known for 6 (3 yes), environmental
    known for 5 (5 yes); one furniture marché (CPV 39100000) of 50 000 €; one 2023 contract;
    and one contract of another buyer, which must never count."""
    rows = []
    for number in range(10):
        siret = HEAD_SIRET if number < 6 else OTHER_SIRET
        social = "yes" if number < 3 else ("no" if number < 6 else "unknown")
        environmental = "yes" if number < 5 else "unknown"
        rows.append(
            contract(
                siret,
                number,
                social=social,
                social_clause=social == "yes",
                social_reserved=number == 0,
                environmental=environmental,
                env_clause=environmental == "yes",
                amount=300_000 if number == 0 else 100_000,
            )
        )
    rows.append(contract(OTHER_SIRET, 20, cpv="39100000", amount=50_000))
    rows.append(contract(HEAD_SIRET, 30, notification_date="2023-05-01", social="yes"))
    rows.append(contract("21590350100017", 40, social="no", cpv="39100000", amount=99_000))
    return rows


@pytest.fixture
def small_store():
    _reset()
    store_builder.build(settings.ANALYTICS_DB_PATH, small_store_contracts())
    yield
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


@pytest.fixture
def body(db):
    return OrganisationFactory(name="Département exemple", siren=BODY_SIREN, kind="departement")


@pytest.fixture
def lille_commune(geography):
    Commune.objects.get_or_create(code="59350", defaults={"name": "Lille", "departement_id": "59"})
