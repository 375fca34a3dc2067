"""Analytical-store fixtures shared by the observatory and API tests."""

import shutil

import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import store_query
from tests.observatory import sample, store_builder


def _reset():
    store.close()
    store_query.clear_cache()


@pytest.fixture(scope="session")
def _sample_store_file(tmp_path_factory):
    """Built once: writing DuckDB is slower than copying the finished file."""
    rows = sample.contracts()
    path = tmp_path_factory.mktemp("observatory") / "sample.duckdb"
    store_builder.build(path, rows, holders=sample.holders(rows), notes=sample.notes())
    return path, [store_builder.complete(row, index) for index, row in enumerate(rows)]


@pytest.fixture
def observatory_store(_sample_store_file):
    """The sample contracts in the analytical store; returns the list of contract dicts."""
    path, rows = _sample_store_file
    _reset()
    shutil.copyfile(path, settings.ANALYTICS_DB_PATH)
    yield rows
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


@pytest.fixture
def empty_store():
    """No analytical store at all (nothing imported yet); removes any store a test wrote."""
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
    yield
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
