"""Vendor test records (contracts.is_test) are kept in the store but count in no figure."""

import json

from django.core.management import call_command

from apure.observatory import store_query
from tests.observatory import store_builder

REAL = {"buyer_siret": "21590350100017", "notification_date": "2025-01-02",
        "environmental": "no", "region": "32", "departement": "59", "cpv": "45210000"}  # fmt: skip
TEST = {**REAL, "buyer_siret": "44090956200033", "contract_id": "TSI_25012026",
        "object": "TSI_25012026_Objet", "environmental": "yes", "env_clause": True,
        "amount": 1_000_000.0, "is_test": True}  # fmt: skip


def _store(settings):
    store_builder.build(settings.ANALYTICS_DB_PATH, [REAL, TEST])
    store_query.clear_cache()


def test_indicators_leave_test_records_out(settings, empty_store, capsys):
    _store(settings)
    call_command("indicators", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["contracts"] == 1
    assert result["environmental"]["yes"] == 0


def test_pages_and_api_leave_them_out_but_the_contract_page_shows_them(
    client, settings, empty_store
):
    _store(settings)
    api = client.get("/api/indicateurs/?region=32").json()
    assert api["contracts"] == 1
    assert "hors enregistrements de test" in api["population"]
    listing = client.get("/observatoire/marches/?region=32").content.decode()
    assert "TSI_25012026_Objet" not in listing
    quality = client.get("/observatoire/qualite/").content.decode()
    assert "Enregistrements de test écartés des indicateurs" in quality
    assert "hors enregistrements de test" in quality  # the methodology says so
    page = client.get("/observatoire/marches/44090956200033/TSI_25012026/")
    assert page.status_code == 200
    assert "TSI_25012026_Objet" in page.content.decode()
    assert "Enregistrement de test publié par un éditeur" in page.content.decode()
