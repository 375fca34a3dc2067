"""List pages cost a fixed number of queries, whatever the number of lots."""

from decimal import Decimal

import pytest

from apure.reuse import workflow
from tests.factories import OrganisationFactory, UserFactory

from .factories import LotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(communes):
    organisation = OrganisationFactory()
    member = UserFactory(organisation=organisation)
    for _ in range(25):
        lot = LotFactory(organisation=organisation)
        workflow.request(lot, UserFactory(), Decimal(1))
    return member


@pytest.mark.parametrize(
    "path",
    [
        "/outils/reemploi/",
        "/outils/reemploi/mes-lots/",
        "/outils/reemploi/reservations/",
        "/outils/reemploi/impact/",
        "/outils/reemploi/recherches/",
    ],
)
def test_list_pages_have_bounded_queries(client, many, django_assert_max_num_queries, path):
    client.force_login(many)
    with django_assert_max_num_queries(15):
        assert client.get(path).status_code == 200
