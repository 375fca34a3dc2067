"""Feeds show titles and summaries as they were typed, whatever the reader."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from .factories import NewsFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "Journée de l'échange entre acheteurs"
SUMMARY = "L'atelier d'échange « achats & insertion » revient."


def feed(client, name):
    return ElementTree.fromstring(client.get(reverse(name)).content)  # noqa: S314 - our own feed


def test_the_news_rss_feed_keeps_apostrophes_as_typed(client):
    NewsFactory(title=TITLE, summary=SUMMARY)
    item = feed(client, "network:news_rss").find("channel/item")
    assert item.findtext("title") == TITLE
    # RSS descriptions are HTML: only < > & are escaped there, so a reader that shows them as
    # text and one that renders them both show the apostrophes.
    assert item.findtext("description") == SUMMARY.replace("&", "&amp;")


def test_the_news_atom_feed_sends_the_summary_as_plain_text(client):
    NewsFactory(title=TITLE, summary=SUMMARY)
    entry = feed(client, "network:news_atom").find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == TITLE
    summary = entry.find(f"{ATOM}summary")
    assert (summary.get("type"), summary.text) == ("text", SUMMARY)
