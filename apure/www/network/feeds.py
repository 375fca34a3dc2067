"""RSS and Atom feeds of the news and the resources."""

import html

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from apure.network.markup import render_markdown
from apure.network.models import News, Resource

FEED_SIZE = 30


def plain_text_as_html(text):
    """A plain-text summary as the HTML that an RSS description holds. Only < > & are
    escaped: markup typed in a summary must stay text, but quotes need no escaping outside
    attributes, and readers that show descriptions as text printed `l&#x27;échange`."""
    return html.escape(text, quote=False)


class PlainTextSummaryAtom1Feed(Atom1Feed):
    """Atom says what a summary is: a plain-text one is sent as text, escaped once by the XML
    writer, so every reader shows it as it was typed."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class NewsFeed(Feed):
    title = "Actualités du réseau APuRe"
    link = reverse_lazy("network:news_list")
    description = "Les actualités du réseau des acheteurs publics responsables des Hauts-de-France."

    def items(self):
        return News.objects.published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return plain_text_as_html(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.short_name for theme in item.themes.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = PlainTextSummaryAtom1Feed
    subtitle = NewsFeed.description

    def item_description(self, item):
        return item.summary


class ResourceFeed(NewsFeed):
    title = "Ressources du réseau APuRe"
    link = reverse_lazy("network:resource_list")
    description = "Guides, clauses, retours d'expérience et outils partagés par le réseau APuRe."

    def items(self):
        return Resource.objects.published()[:FEED_SIZE]

    def item_description(self, item):
        return render_markdown(item.summary)

    def item_categories(self, item):
        return [item.get_kind_display(), *(theme.short_name for theme in item.themes.all())]


class ResourceAtomFeed(ResourceFeed):
    feed_type = Atom1Feed
    subtitle = ResourceFeed.description
