"""What the network shows first, on its own home page and on the site's: the next events, the
latest news and the latest public answers, each fetched with what its card shows (themes,
group), so a home page costs the same few queries whatever the content."""

from .models import Event, News, Resource, Thread


def upcoming_events(limit):
    return Event.objects.upcoming().prefetch_related("themes")[:limit]


def latest_news(limit):
    return News.objects.published().prefetch_related("themes")[:limit]


def latest_resources(limit):
    return (
        Resource.objects.published()
        .select_related("author_organisation")
        .prefetch_related("themes")[:limit]
    )


def latest_answers(limit):
    """Questions a facilitator made public, newest first (« Questions d'acheteurs »)."""
    return Thread.objects.public().select_related("group").order_by("-made_public_at")[:limit]
