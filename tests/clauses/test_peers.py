import pytest

from apure.clauses.peers import peer_practice
from apure.decp import store
from apure.observatory import store_query
from apure.observatory.filters import Filters
from apure.observatory.indicators import purchase_segments
from tests.observatory import store_builder

ROWS = [
    ("90911200", "32", "32", "yes", "yes", False),
    ("90910000", "32", "32", "no", "unknown", False),
    ("90919000", "32", "32", "yes", "no", False),
    ("90911000", "32", "32", "unknown", "unknown", False),
    ("90911200", "11", "11", "yes", "yes", False),  # another region
    ("45453000", "32", "32", "yes", "yes", False),  # another segment
    ("90911200", None, "32", "no", "no", False),  # place unknown, buyer in the region
    ("90911200", "32", "32", "yes", "yes", True),  # a vendor's test record
    ("90911200", "32", "32", "no", "no", False),
    ("90911200", "32", "32", "no", "no", False),
]


@pytest.fixture
def observatory(settings, tmp_path):
    path = tmp_path / "decp.duckdb"
    contracts = [
        {"buyer_siret": "21590350100017", "contract_id": f"c{index}", "cpv": cpv,
         "region": region, "buyer_region": buyer_region, "environmental": environmental,
         "social": social, "is_test": is_test, "notification_date": "2025-01-02"}
        for index, (cpv, region, buyer_region, environmental, social, is_test) in enumerate(ROWS)
    ]  # fmt: skip
    store_builder.build(path, contracts)
    settings.ANALYTICS_DB_PATH = path
    store.close()
    store_query.clear_cache()
    yield path
    store.close()
    store_query.clear_cache()


def test_shares_count_only_contracts_where_the_value_is_known(observatory):
    practice = peer_practice("nettoyage-locaux")
    assert practice.contracts == 7
    assert (practice.environmental_yes, practice.environmental_known) == (2, 6)
    assert practice.environmental_share == 33
    assert (practice.social_yes, practice.social_known) == (1, 5)
    assert practice.social_share == 20


def test_too_few_known_contracts_give_no_share_as_in_the_observatory(observatory):
    practice = peer_practice("nettoyage-locaux")
    practice.social_known = 4
    assert practice.social_share is None


def test_the_recommender_and_the_observatory_give_the_same_share(observatory):
    rows = purchase_segments.compute(Filters.build(region="32")).rows
    observed = next(row for row in rows if row["key"] == "nettoyage-locaux")
    practice = peer_practice("nettoyage-locaux")
    assert observed["contracts"] == practice.contracts
    assert round(100 * observed["environmental_share"]) == practice.environmental_share


def test_no_store_or_unknown_segment_means_no_data(settings, tmp_path, observatory):
    assert peer_practice("pas-un-segment") is None
    settings.ANALYTICS_DB_PATH = tmp_path / "absent.duckdb"
    store.close()
    store_query.clear_cache()
    assert peer_practice("nettoyage-locaux") is None
