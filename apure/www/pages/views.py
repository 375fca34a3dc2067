from django.conf import settings
from django.views.generic import TemplateView

from apure.network import front
from apure.observatory import geography, pages, store_query
from apure.observatory.filters import Filters
from apure.organisations.models import Organisation


def region_headline():
    """The region's headline figures, as the observatory's home gives them (same function,
    same cache, same small-sample rule), or None before any import."""
    if not store_query.is_loaded():
        return None
    screen = pages.dashboard(Filters.from_query({}))
    return screen["headline"] if screen else None


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member_count=Organisation.objects.members().count(),
            headline=region_headline(),
            region_code=geography.HAUTS_DE_FRANCE,
            region_name=geography.region_name(geography.HAUTS_DE_FRANCE),
            events=front.upcoming_events(3),
            news=front.latest_news(3),
            questions=front.latest_answers(3),
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            founders=Organisation.objects.filter(is_founder=True), **kwargs
        )


class LegalView(TemplateView):
    template_name = "pages/legal.html"

    def get_context_data(self, **kwargs):
        # Set by whoever runs the instance (APURE_PUBLISHER, APURE_HOSTING).
        return super().get_context_data(
            publisher=settings.PUBLISHER, hosting=settings.HOSTING, **kwargs
        )
