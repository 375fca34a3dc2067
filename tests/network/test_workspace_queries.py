"""List pages of the workspaces cost the same number of queries whatever their length."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apure.clauses.models import Theme
from apure.network.models import DocumentVisibility
from tests.clauses.factories import SegmentFactory
from tests.factories import FacilitatorFactory

from .factories import EventFactory, WorkingGroupFactory
from .workspace_factories import (
    DocumentVersionFactory,
    GroupDocumentFactory,
    ReplyFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db

PATHS = [
    "/reseau/groupes/reemploi/",
    "/reseau/groupes/reemploi/discussions/",
    "/reseau/groupes/reemploi/discussions/?q=question",
    "/reseau/groupes/reemploi/documents/",
    "/reseau/groupes/reemploi/documents/?q=compte",
    "/reseau/questions/",
]


def add_rows(group, count):
    segment = SegmentFactory()
    theme, _ = Theme.objects.get_or_create(code="social", defaults={"label": "Social"})
    for _ in range(count):
        thread = ThreadFactory(group=group)
        thread.segments.add(segment)
        thread.themes.add(theme)
        reply = ReplyFactory(thread=thread)
        thread.best_reply = reply
        thread.made_public_at = thread.created_at
        thread.save()
        event = EventFactory(starts_at=thread.created_at.replace(year=2020))
        event.themes.add(group)
        document = GroupDocumentFactory(
            group=group, event=event, visibility=DocumentVisibility.PUBLIC
        )
        DocumentVersionFactory(document=document)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", PATHS)
def test_list_pages_do_not_query_per_row(path):
    group = WorkingGroupFactory(slug="reemploi")
    client = Client()
    client.force_login(FacilitatorFactory())
    add_rows(group, 2)
    few = queries(client, path)
    add_rows(group, 4)
    assert queries(client, path) == few
