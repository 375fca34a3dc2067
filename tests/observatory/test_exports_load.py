"""Big XLSX exports cannot stall the site: a file is written once per store version and
request, and only a few are written at a time across processes (issue 15, item 4)."""

import io
import shutil

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook

from apure.observatory import contracts, export_files, store_query
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db

LILLE = {"buyer_siret": "21590350100017", "buyer_kind": "commune", "buyer_region": "32",
         "region": "32", "buyer_departement": "59", "departement": "59",
         "notification_date": "2024-03-01"}  # fmt: skip
URL = "/observatoire/marches/export.xlsx?region=&colonne=uid&colonne=object"


@pytest.fixture(autouse=True)
def _no_cached_exports():
    shutil.rmtree(django_settings.DATA_DIR / "exports-cache", ignore_errors=True)
    yield
    shutil.rmtree(django_settings.DATA_DIR / "exports-cache", ignore_errors=True)


def _store(settings, objects):
    rows = [{**LILLE, "contract_id": f"2024-{index}", "object": text}
            for index, text in enumerate(objects)]  # fmt: skip
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    store_query.clear_cache()


def _objects(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))


def test_a_repeated_export_is_served_from_the_cache_until_the_store_changes(
    client, settings, empty_store, monkeypatch
):
    _store(settings, ["Nettoyage", "Voirie"])
    assert _objects(client.get(URL)) == ["Nettoyage", "Voirie"]

    def no_query(*args, **kwargs):
        raise AssertionError("the store was queried again for the same export")

    with monkeypatch.context() as patched:
        patched.setattr(contracts, "stream", no_query)
        assert _objects(client.get(URL)) == ["Nettoyage", "Voirie"]

    _store(settings, ["Restauration scolaire"])  # a new import swaps the store
    assert _objects(client.get(URL)) == ["Restauration scolaire"]


def test_the_export_cache_keeps_only_the_most_recent_files(
    client, settings, empty_store, monkeypatch
):
    monkeypatch.setenv("APURE_EXPORT_CACHE_FILES", "2")
    _store(settings, ["Nettoyage"])
    for year in (2022, 2023, 2024):
        assert client.get(f"{URL}&annee={year}").status_code == 200
    assert len(list((settings.DATA_DIR / "exports-cache").glob("*.xlsx"))) == 2


def test_an_export_waits_for_a_free_slot_then_is_asked_to_come_back(
    client, settings, empty_store, monkeypatch
):
    _store(settings, ["Nettoyage"])
    monkeypatch.setenv("APURE_EXPORT_SLOTS", "1")
    monkeypatch.setattr(export_files, "SLOT_WAIT_SECONDS", 0.2)
    with export_files.export_slot():  # another process writes a big export
        response = client.get(URL)
    assert response.status_code == 503
    assert response["Retry-After"] == str(export_files.RETRY_AFTER_SECONDS)
    assert "Trop d'exports en cours, réessayez dans un instant" in response.content.decode()

    assert _objects(client.get(URL)) == ["Nettoyage"]  # the slot is free again


def test_two_slots_let_two_exports_run_at_once(settings, monkeypatch):
    monkeypatch.setenv("APURE_EXPORT_SLOTS", "2")
    monkeypatch.setattr(export_files, "SLOT_WAIT_SECONDS", 0)
    with (
        export_files.export_slot(),
        export_files.export_slot(),
        pytest.raises(export_files.ExportsBusy),
        export_files.export_slot(),
    ):
        pass
