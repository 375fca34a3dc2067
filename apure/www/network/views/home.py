from django.views.generic import TemplateView

from apure.network.models import Event, News, Resource, Thread, WorkingGroup


class HomeView(TemplateView):
    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            news=News.objects.published().prefetch_related("themes")[:4],
            events=Event.objects.upcoming()[:4],
            resources=Resource.objects.published()[:4],
            groups=WorkingGroup.objects.all(),
            questions=Thread.objects.public()
            .select_related("group")
            .order_by("-made_public_at")[:3],
            **kwargs,
        )
