import duckdb
import pytest

from apure.clauses.peers import peer_practice
from apure.decp import store


@pytest.fixture
def observatory(settings, tmp_path):
    path = tmp_path / "decp.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute(
        "CREATE TABLE contracts (uid VARCHAR, cpv VARCHAR, region VARCHAR, buyer_region VARCHAR,"
        " environmental VARCHAR, social VARCHAR)"
    )
    rows = [
        ("a", "90911200", "32", "32", "yes", "yes"),
        ("b", "90910000", "32", "32", "no", "unknown"),
        ("c", "90919000", "32", "32", "yes", "no"),
        ("d", "90911000", "32", "32", "unknown", "unknown"),
        ("e", "90911200", "11", "11", "yes", "yes"),  # another region
        ("f", "45453000", "32", "32", "yes", "yes"),  # another segment
        ("g", "90911200", None, "32", "no", "no"),  # place unknown, buyer in the region
    ]
    connection.executemany("INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.close()
    settings.ANALYTICS_DB_PATH = path
    store.close()
    yield path
    store.close()


def test_shares_count_only_contracts_where_the_value_is_known(observatory):
    practice = peer_practice(["909"])
    assert practice.contracts == 5
    assert (practice.environmental_yes, practice.environmental_known) == (2, 4)
    assert practice.environmental_share == 50
    assert (practice.social_yes, practice.social_known) == (1, 3)
    assert practice.social_share == 33


def test_no_store_means_no_data(settings, tmp_path):
    settings.ANALYTICS_DB_PATH = tmp_path / "absent.duckdb"
    store.close()
    assert peer_practice(["909"]) is None
