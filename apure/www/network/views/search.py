from django.views.generic import TemplateView

from apure.network.finder import find

from ..forms import SearchForm


class SearchView(TemplateView):
    """GET form: works without JavaScript, results can be bookmarked."""

    template_name = "network/search.html"
    sections = ("news", "events", "resources")

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        searched = bool(self.request.GET) and form.is_valid()
        results = find(
            q=filters.get("q", ""),
            kind=filters.get("kind", ""),
            theme=filters.get("theme"),
            territory=filters.get("territory", ""),
            sections=self.sections,
        )
        return super().get_context_data(form=form, results=results, searched=searched, **kwargs)


class ResourceListView(SearchView):
    template_name = "network/resource_list.html"
    sections = ("resources",)
