from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView

from apure.network.markup import render_markdown
from apure.network.models import Resource

from ..forms import ResourceForm
from .publications import PublicationCreateView, PublicationUpdateView

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


class ResourceDetailView(DetailView):
    template_name = "network/resource_detail.html"
    context_object_name = "resource"

    def get_queryset(self):
        return (
            Resource.objects.visible_to(self.request.user)
            .select_related("author_organisation", "event")
            .prefetch_related("themes", "segments")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=render_markdown(self.object.summary), **kwargs)


class ResourceDownloadView(View):
    """Serves the document as an attachment, with the type checked at upload."""

    def get(self, request, slug):
        resource = get_object_or_404(Resource.objects.visible_to(request.user), slug=slug)
        if not resource.file:
            raise Http404("Cette ressource n'a pas de document.")
        return FileResponse(
            resource.file.open("rb"),
            as_attachment=True,
            filename=f"{resource.slug}.{resource.file_format}",
            content_type=CONTENT_TYPES.get(resource.file_format, "application/octet-stream"),
        )


class ResourceCreateView(PublicationCreateView):
    model = Resource
    form_class = ResourceForm


class ResourceUpdateView(PublicationUpdateView):
    model = Resource
    form_class = ResourceForm
