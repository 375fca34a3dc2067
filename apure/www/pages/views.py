from django.conf import settings
from django.views.generic import TemplateView

from apure.organisations.models import Organisation


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member_count=Organisation.objects.members().count(), **kwargs
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
