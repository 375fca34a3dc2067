"""List pages cost the same number of queries whatever the number of bodies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apure.reporting import agec
from apure.reporting.models import SpaserReport, Status
from tests.factories import FacilitatorFactory, OrganisationFactory
from tests.reporting.factories import SchemeFactory

pytestmark = pytest.mark.django_db


def _bodies(count):
    for _ in range(count):
        scheme = SchemeFactory(organisation=OrganisationFactory())
        SpaserReport.objects.create(
            scheme=scheme, year=2024, status=Status.PUBLISHED, is_public=True
        )
        agec.open_declaration(scheme.organisation, 2024)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/outils/spaser/", "/outils/agec/"])
def test_list_pages_do_not_grow_with_the_number_of_bodies(client, url):
    client.force_login(FacilitatorFactory())
    _bodies(2)
    few = _queries(client, url)
    _bodies(6)
    assert _queries(client, url) == few
