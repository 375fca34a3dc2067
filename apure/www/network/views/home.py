from django.views.generic import TemplateView

from apure.network import front
from apure.network.models import WorkingGroup


class HomeView(TemplateView):
    """The network's front page: a fixed number of queries whatever the content."""

    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            news=front.latest_news(4),
            events=front.upcoming_events(4),
            resources=front.latest_resources(4),
            groups=WorkingGroup.objects.all(),
            questions=front.latest_answers(3),
            **kwargs,
        )
