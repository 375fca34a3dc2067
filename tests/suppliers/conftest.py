from datetime import date

import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import store_query
from apure.suppliers import models
from tests.observatory import store_builder

from .factories import siret_for

TODAY = date(2026, 11, 2)
SUPPLIER_SIRET = siret_for(33_000_000_0000)  # holds contracts in the store below
OTHER_ESTABLISHMENT = SUPPLIER_SIRET[:9] + "99999"  # same company, another establishment
LILLE = "21590350100017"
ROUBAIX = "21590512600015"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(models, "today", lambda: TODAY)
    return TODAY


def _contract(uid, buyer, name, notified, amount, **extra):
    return {
        "uid": uid,
        "buyer_siret": buyer,
        "buyer_name": name,
        "departement": "59",
        "region": "32",
        "cpv": "77310000",
        "notification_date": notified,
        "amount": amount,
        **extra,
    }


@pytest.fixture
def holders_store():
    """Three contracts won by the supplier's company (one reserved), one by another company,
    one vendor test record."""
    contracts = [
        _contract("L-1", LILLE, "Ville de Lille", "2025-03-01", 120_000.0,
                  object="Entretien des espaces verts – lot réservé", social="yes",
                  social_reserved=True),
        _contract("R-1", ROUBAIX, "Ville de Roubaix", "2024-05-01", 45_000.0,
                  object="Tonte et débroussaillage", social="yes", social_clause=True),
        _contract("R-2", ROUBAIX, "Ville de Roubaix", "2023-04-01", 30_000.0,
                  object="Nettoyage des berges", social="no"),
        _contract("L-9", LILLE, "Ville de Lille", "2025-01-01", 9_000.0,
                  object="Fournitures de bureau"),
        _contract("T-1", LILLE, "Ville de Lille", "2025-01-01", 1.0, object="test",
                  is_test=True),
    ]  # fmt: skip
    holders = [
        {"uid": "L-1", "holder_id": SUPPLIER_SIRET, "name": "Jardins solidaires"},
        {"uid": "R-1", "holder_id": SUPPLIER_SIRET, "name": "Jardins solidaires"},
        {"uid": "R-2", "holder_id": OTHER_ESTABLISHMENT, "name": "Jardins solidaires"},
        {"uid": "L-9", "holder_id": siret_for(44_000_000_0000), "name": "Papeterie"},
        {"uid": "T-1", "holder_id": SUPPLIER_SIRET, "name": "Jardins solidaires"},
    ]
    store.close()
    store_query.clear_cache()
    store_builder.build(settings.ANALYTICS_DB_PATH, contracts, holders)
    yield
    store.close()
    store_query.clear_cache()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
