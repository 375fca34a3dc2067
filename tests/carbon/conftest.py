import pytest
from django.conf import settings

from apure.carbon import reference
from apure.decp import store
from apure.observatory import store_query
from tests.observatory import store_builder
from tests.observatory.fixtures import (  # noqa: F401
    _sample_store_file,
    empty_store,
    observatory_store,
)

BUYER = "21590350100017"
OTHER = "21620041000018"


def _reset():
    store.close()
    store_query.clear_cache()


def marche(number, cpv, amount, **values):
    return {
        "buyer_siret": BUYER,
        "buyer_name": "Ville exemple",
        "buyer_kind": "commune",
        "buyer_departement": "59",
        "buyer_region": "32",
        "departement": "59",
        "region": "32",
        "contract_id": f"C{number}",
        "notification_date": "2024-03-01",
        "cpv": cpv,
        "amount": amount,
        "object": "Achat",
        **values,
    }


def tiny_contracts():
    """What each boundary of the estimate needs, one contract each (2024 unless said):

    - works (CPV 45…, ratio 245 kgCO2e/k€) 1 000 000 € → 245 t;
    - IT services (72…, ratio 75) framework agreement 100 000 € (a ceiling) → 7.5 t, in the
      high bound only;
    - furniture (3019…, the longest prefix wins over 30 → computers) 200 000 € → 46.2 t;
    - cars (34…, no public ratio: « facteur inconnu ») 500 000 € → not counted;
    - no CPV 50 000 € → not counted;
    - a marché whose amount was set aside as implausible (amount NULL) → not counted;
    - a concession of works 9 000 000 € → not a price, not counted;
    - a vendor test record 7 000 000 € → not a contract, not counted;
    - another buyer's works 2019, 400 000 € → 98 t (only in views without a buyer filter).
    """
    return [
        marche(1, "45210000", 1_000_000),
        # Format 2022: its nature is « Marché », its technique says it (framework_agreement).
        marche(2, "72200000", 100_000, framework_agreement=True, techniques=["Accord-cadre"]),
        marche(3, "30190000", 200_000),
        marche(4, "34110000", 500_000),
        marche(5, None, 50_000),
        marche(6, "45000000", None, amount_published=5e12),
        marche(7, "45000000", 9_000_000, kind="concession"),
        marche(8, "45000000", 7_000_000, is_test=True),
        marche(9, "45000000", 400_000, buyer_siret=OTHER, notification_date="2019-06-01"),
    ]


@pytest.fixture
def carbon_store():
    _reset()
    store_builder.build(settings.ANALYTICS_DB_PATH, tiny_contracts())
    yield
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def no_imported_ratios():
    """Each test starts from the shipped ratios (the importer writes under MEDIA_ROOT)."""
    reference.imported_path().unlink(missing_ok=True)
    yield
    reference.imported_path().unlink(missing_ok=True)
