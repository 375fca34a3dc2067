import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import store_query
from tests.observatory import sample, store_builder


def _reset():
    store.close()
    store_query.clear_cache()


@pytest.fixture
def observatory_store():
    """The sample contracts in the analytical store; returns the list of contract dicts."""
    rows = sample.contracts()
    _reset()
    store_builder.build(
        settings.ANALYTICS_DB_PATH, rows, holders=sample.holders(rows), notes=sample.notes()
    )
    yield [store_builder.complete(row, index) for index, row in enumerate(rows)]
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


@pytest.fixture
def empty_store():
    """No analytical store at all (nothing imported yet)."""
    _reset()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)
    yield
    _reset()
