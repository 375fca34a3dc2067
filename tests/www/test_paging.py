"""Page numbers typed or mangled in an address never make a server error."""

import pytest

from apure.paging import bounded_int, page_number
from tests.network.factories import NewsFactory
from tests.observatory.fixtures import (  # noqa: F401
    _sample_store_file,
    observatory_store,
)

pytestmark = pytest.mark.django_db
JUNK = ["²", "①", "٣", "-1", "1.5", "abc", "", " 2", "9" * 40]


@pytest.mark.parametrize("junk", ["²", "①", "abc", "", "-1", "9" * 40])
def test_a_number_that_is_not_plain_ascii_digits_means_not_given(junk):
    assert page_number(junk) == 1
    assert bounded_int(junk, 50, 1, 200) == 50


def test_plain_numbers_are_kept_within_bounds():
    assert page_number("3") == 3
    assert page_number("0") == 1
    assert bounded_int("500", 50, 1, 200) == 200


@pytest.mark.usefixtures("observatory_store")
@pytest.mark.parametrize("junk", JUNK)
def test_the_contract_list_shows_its_first_page_for_any_page_number(client, junk):
    response = client.get("/observatoire/marches/", {"page": junk})
    assert response.status_code == 200
    assert "Page 1" in response.content.decode()


@pytest.mark.usefixtures("observatory_store")
@pytest.mark.parametrize("junk", JUNK)
def test_the_api_answers_its_first_page_in_json(client, junk):
    response = client.get("/api/marches/", {"page": junk, "taille": junk})
    assert response.status_code == 200
    data = response.json()
    assert (data["page"], data["size"]) == (1, 50)


@pytest.mark.parametrize("junk", ["²", "①", "abc"])
def test_the_news_list_answers_not_found_for_a_page_that_is_not_a_number(client, junk):
    NewsFactory.create_batch(13)
    assert client.get("/reseau/actualites/", {"page": junk}).status_code == 404
    assert client.get("/reseau/actualites/", {"page": "2"}).status_code == 200
