"""A small analytical store where buyers of the Nord each bought school meals separately.

Today is fixed at 2 November 2026 (`apure.observatory.exports.today`): the period of four
years is 2023–2026 and a contract is current when its expected end is on or after that day.
"""

from datetime import date

import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import exports, store_query
from apure.pooling import pages
from tests.observatory import store_builder
from tests.observatory.fixtures import empty_store  # noqa: F401

TODAY = date(2026, 11, 2)
LILLE = "21590350100017"  # commune, member of the Métropole européenne de Lille
LILLE_SERVICES = "21590350100223"  # another establishment of the same body (same SIREN)
ROUBAIX = "21590512600015"  # commune, member of the MEL
TOURCOING = "21590599300012"  # commune, member of the MEL
NORD = "22590001800018"  # the département itself: not a member of the MEL
ARRAS = "21620041000011"  # Pas-de-Calais


def meal(buyer, name, departement, notified, months, amount, **extra):
    return {
        "buyer_siret": buyer,
        "buyer_name": name,
        "buyer_departement": departement,
        "buyer_region": "32",
        "departement": departement,
        "region": "32",
        "object": f"Fourniture de repas – {name}",
        "cpv": "15894200",
        "notification_date": notified,
        "duration_months": months,
        "amount": amount,
        **extra,
    }


def contracts():
    return [
        meal(LILLE, "Ville de Lille", "59", "2025-01-15", 24, 300_000.0, contract_id="L-1"),
        meal(LILLE, "Ville de Lille", "59", "2023-03-01", 12, 80_000.0, contract_id="L-0"),
        {**meal(LILLE, "Ville de Lille", "59", "2025-05-01", 36, 120_000.0),
         "contract_id": "L-2", "cpv": "90911200", "object": "Nettoyage des écoles"},
        meal(ROUBAIX, "Ville de Roubaix", "59", "2024-09-01", 36, 900_000.0,
             contract_id="R-1", framework_agreement=True, techniques=["Accord-cadre"]),
        meal(TOURCOING, "Ville de Tourcoing", "59", "2025-06-01", None, 150_000.0,
             contract_id="T-1", object="=1+1 repas scolaires"),
        meal(NORD, "Département du Nord", "59", "2023-02-01", 12, 500_000.0, contract_id="N-1"),
        # Outside the period, the territory, the kind of purchase or not a marché at all.
        meal(NORD, "Département du Nord", "59", "2021-02-01", 24, 400_000.0, contract_id="N-0"),
        meal(ARRAS, "Ville d'Arras", "62", "2025-02-01", 24, 200_000.0, contract_id="A-1"),
        {**meal(ROUBAIX, "Ville de Roubaix", "59", "2024-01-01", 120, 5e6),
         "contract_id": "R-C", "kind": "concession", "nature": "Concession de service"},
        {**meal(ROUBAIX, "Ville de Roubaix", "59", "2025-01-01", 12, 1.0),
         "contract_id": "R-T", "is_test": True, "object": "test"},
    ]  # fmt: skip


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(exports, "today", lambda: TODAY)
    return TODAY


def _reset():
    store.close()
    store_query.clear_cache()
    pages.pooling_page.cache_clear()
    pages.buyer_block.cache_clear()


@pytest.fixture
def pooling_store(today):
    _reset()
    store_builder.build(settings.ANALYTICS_DB_PATH, contracts())
    yield
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


@pytest.fixture
def two_establishments_store(today):
    """The same store, with a school meals contract of Lille published by another of its
    establishments, under another spelling of its name."""
    _reset()
    second = meal(LILLE_SERVICES, "VILLE DE LILLE - RESTAURATION", "59", "2026-02-01", 36,
                  50_000.0, contract_id="L-S1", object="Repas de la cuisine centrale")  # fmt: skip
    store_builder.build(settings.ANALYTICS_DB_PATH, [*contracts(), second])
    yield
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
