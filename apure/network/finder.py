"""Filters and French full-text search across news, events and resources."""

from dataclasses import dataclass, field

from apure import search

from .models import Event, News, Resource


@dataclass
class Results:
    news: list = field(default_factory=list)
    events: list = field(default_factory=list)
    resources: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.news) + len(self.events) + len(self.resources)


def _matching(queryset, q):
    return search.objects(q, queryset) if q else list(queryset)


def find(q="", kind="", theme=None, territory="", sections=("news", "events", "resources")):
    """Published items matching the words and filters; kind and territory only describe
    resources, so asking for them leaves news and events out."""
    q = (q or "").strip()
    resources = (
        Resource.objects.published()
        .select_related("author_organisation")
        .prefetch_related("themes")
    )
    news = News.objects.published().prefetch_related("themes")
    events = Event.objects.published().prefetch_related("themes")
    if theme is not None:
        resources, news, events = (qs.filter(themes=theme) for qs in (resources, news, events))
    if kind:
        resources = resources.filter(kind=kind)
    if territory:
        resources = resources.filter(territory=territory)
    resources_only = bool(kind or territory)
    return Results(
        news=_matching(news, q) if "news" in sections and not resources_only else [],
        events=_matching(events, q) if "events" in sections and not resources_only else [],
        resources=_matching(resources, q) if "resources" in sections else [],
    )
