from django.conf import settings
from django.views.generic import TemplateView


class PrivacyView(TemplateView):
    template_name = "network/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.NETWORK_RETENTION_DAYS,
            retention_years=max(round(settings.NETWORK_RETENTION_DAYS / 365), 1),
            unconfirmed_days=settings.NETWORK_UNCONFIRMED_RETENTION_DAYS,
            confirmation_days=settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS,
            **kwargs,
        )
