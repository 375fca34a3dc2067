from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView

from apure.network.markup import render_markdown
from apure.network.models import News
from apure.network.uploads import image_format

from ..forms import NewsForm
from .publications import PublicationCreateView, PublicationUpdateView


class NewsListView(ListView):
    template_name = "network/news_list.html"
    context_object_name = "news_list"
    paginate_by = 12

    def get_queryset(self):
        return News.objects.published().prefetch_related("themes")


class NewsDetailView(DetailView):
    template_name = "network/news_detail.html"
    context_object_name = "news"

    def get_queryset(self):
        return News.objects.visible_to(self.request.user).select_related("author_organisation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=render_markdown(self.object.body), **kwargs)


class NewsImageView(View):
    """Serves the image with the type read from its bytes, whatever the file name says."""

    def get(self, request, slug):
        news = get_object_or_404(News.objects.visible_to(request.user), slug=slug)
        if not news.image:
            raise Http404("Pas d'image.")
        image = news.image.open("rb")
        kind = image_format(image)
        if kind is None:
            # Only the admin can store such a file; never serve it under an image type.
            image.close()
            raise Http404("Cette image n'est pas dans un format accepté.")
        return FileResponse(image, content_type=f"image/{kind}")


class NewsCreateView(PublicationCreateView):
    model = News
    form_class = NewsForm


class NewsUpdateView(PublicationUpdateView):
    model = News
    form_class = NewsForm
