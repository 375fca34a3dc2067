import pytest

from apure.decp import store
from apure.decp.importer import run_import
from tests.decp.conftest import marche, write_2022


@pytest.fixture
def instance(settings, tmp_path):
    """A private data directory (store, media) for one test; returns a function that moves
    the instance to another, empty one."""

    def use(folder):
        store.close()
        settings.DATA_DIR = folder
        settings.MEDIA_ROOT = folder / "media"
        settings.ANALYTICS_DB_PATH = folder / "decp.duckdb"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    use(tmp_path / "instance")
    yield use
    store.close()


def import_contracts(folder, ids):
    """Build the store with the importer from a tiny DECP file of these contract ids."""
    path = write_2022(folder / "decp.json", [marche(id=contract_id) for contract_id in ids])
    return run_import([path], workers=1)


def contract_ids():
    cursor = store.cursor()
    if cursor is None:
        return []
    try:
        rows = cursor.execute("SELECT contract_id FROM contracts ORDER BY 1").fetchall()
        return [row[0] for row in rows]
    finally:
        cursor.close()
