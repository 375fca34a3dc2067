from datetime import datetime

import pytest
from django.conf import settings

from apure.decp import store
from apure.follow import ledger
from apure.observatory import store_query
from tests.network.conftest import smtp_server  # noqa: F401
from tests.observatory import store_builder
from tests.observatory.fixtures import _sample_store_file, observatory_store  # noqa: F401

CROIX = "21590163800019"
LILLE = "21590350100017"


def contract(number, buyer=CROIX, cpv="90911200", departement="59", **extra):
    return {
        "contract_id": f"2025-{number:04d}",
        "buyer_siret": buyer,
        "buyer_name": "Commune de Croix" if buyer == CROIX else "Ville de Lille",
        "buyer_departement": departement[:2],
        "buyer_region": "32",
        "departement": departement,
        "region": "32",
        "cpv": cpv,
        "amount": 50_000.0,
        "notification_date": "2025-03-01",
        "object": f"Marché n° {number}",
        "source_file": "decp-2025.json",
        **extra,
    }


def import_run(run_id, count, day):
    return {
        **store_builder.default_import(count),
        "run_id": run_id,
        "started_at": datetime(2026, 11, day, 2, 0),
        "finished_at": datetime(2026, 11, day, 2, 5),
    }


@pytest.fixture
def served():
    """Write the served store as an import would (one call = one import); the ledger beside
    it is removed after the test."""

    def write(contracts, run_id, day):
        store.close()
        store_query.clear_cache()
        store_builder.build(
            settings.ANALYTICS_DB_PATH, contracts, imports=[import_run(run_id, len(contracts), day)]
        )

    yield write
    store.close()
    store_query.clear_cache()
    for path in (
        ledger.ledger_path(),
        ledger.ledger_path().with_name(ledger.ledger_path().name + ".lock"),
    ):
        path.unlink(missing_ok=True)
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
