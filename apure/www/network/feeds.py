"""RSS and Atom feeds of the news and the resources."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from apure.network.markup import render_markdown
from apure.network.models import News, Resource

FEED_SIZE = 30


class NewsFeed(Feed):
    title = "Actualités du réseau APuRe"
    link = reverse_lazy("network:news_list")
    description = "Les actualités du réseau des acheteurs publics responsables des Hauts-de-France."

    def items(self):
        return News.objects.published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render descriptions as HTML: a plain-text summary is escaped first.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.short_name for theme in item.themes.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


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
