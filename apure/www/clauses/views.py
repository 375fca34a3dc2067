from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView, View

from apure.clauses import documents
from apure.clauses.browse import browse
from apure.clauses.cpv import resolve_input
from apure.clauses.draft_form import RecommendForm
from apure.clauses.models import Clause, Segment
from apure.clauses.recommend import recommend
from apure.clauses.sizing import SOURCE as SIZING_SOURCE
from apure.obligations import ContractDraft

from .forms import SearchForm

CONTEXT_FIELDS = {"objet": 300, "cpv": 120, "montant": 40, "date": 20, "heures": 30, "taux": 10}


FACET_LABELS = {"segment": "Segment d'achat", "kind": "Type de clause", "theme": "Thème"}


def facet_groups(params, facets):
    """(name, label, facets with the URL that toggles each one) for the library home."""
    groups = []
    for name, label in FACET_LABELS.items():
        items = []
        for facet in facets[name]:
            query = params.copy()
            query.pop(name, None)
            if not facet.selected:
                query[name] = facet.value
            facet.url = f"?{query.urlencode()}#resultats"
            items.append(facet)
        if items:
            groups.append((name, label, items))
    return groups


class HomeView(TemplateView):
    template_name = "clauses/home.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        # An invalid filter is dropped and named; the valid ones still apply.
        filters, ignored = {}, []
        if form.is_bound:
            form.is_valid()  # cleaned_data then holds the valid fields only
            filters = form.cleaned_data
            ignored = [
                f"Filtre « {form.fields[name].label} » ignoré : {' '.join(errors)}"
                for name, errors in form.errors.items()
            ]
        result = browse(
            query=filters.get("q", ""),
            segment=filters.get("segment", ""),
            kind=filters.get("kind", ""),
            theme=filters.get("theme", ""),
        )
        return super().get_context_data(
            form=form,
            clauses=result.clauses,
            facet_groups=facet_groups(self.request.GET, result.facets),
            searched=bool(filters and any(filters.values())),
            ignored_filters=ignored,
            total=Clause.objects.published().count(),
            **kwargs,
        )


class ClauseView(DetailView):
    template_name = "clauses/clause.html"
    context_object_name = "clause"

    def get_queryset(self):
        queryset = Clause.objects.prefetch_related("segments", "themes")
        user = self.request.user
        if user.is_authenticated and user.is_facilitator:
            return queryset
        return queryset.published()


class SegmentListView(ListView):
    template_name = "clauses/segment_list.html"
    context_object_name = "segments"

    def get_queryset(self):
        # A stable sort by nature keeps the French order within each nature.
        return sorted(Segment.objects.alphabetical(), key=lambda segment: segment.nature)


class SegmentView(DetailView):
    template_name = "clauses/segment.html"
    context_object_name = "segment"
    queryset = Segment.objects.all()

    def get_context_data(self, **kwargs):
        clauses = (
            self.object.clauses.published().prefetch_related("themes").order_by("kind", "title")
        )
        transversal = Clause.objects.published().transversal().prefetch_related("themes")
        return super().get_context_data(clauses=clauses, transversal=transversal, **kwargs)


class RecommendView(TemplateView):
    template_name = "clauses/recommend.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "objet" not in self.request.GET:
            context["form"] = RecommendForm()
            return context
        data = self.request.GET
        code, options = resolve_input(data.get("cpv", ""), data.get("cpv_choice", ""),
                                      data.get("objet", ""))  # fmt: skip
        form = RecommendForm(data, cpv_options=options)
        context["form"] = form
        if not form.is_valid():
            return context
        if options:
            context["choose_cpv"] = True
            return context
        if form.cleaned_data["cpv"] and code is None:
            context["no_cpv_match"] = True
        draft = ContractDraft(cpv=code.code if code else None, **form.draft_arguments())
        context["result"] = recommend(draft, **form.sizing_arguments())
        context["sizing_source"] = SIZING_SOURCE
        return context


class DocumentView(View):
    """The ticked clauses as DOCX, ODT or a printable page."""

    formats = {"docx": (documents.to_docx, documents.DOCX_TYPE),
               "odt": (documents.to_odt, documents.ODT_TYPE)}  # fmt: skip

    def get(self, request):
        slugs = list(dict.fromkeys(request.GET.getlist("clause")))[:100]
        by_slug = Clause.objects.published().in_bulk(slugs, field_name="slug")
        clauses = [by_slug[slug] for slug in slugs if slug in by_slug]
        if not clauses:
            messages.error(request, "Cochez au moins une clause à mettre dans le document.")
            return redirect("clauses:home")
        context = {key: request.GET.get(key, "")[:limit] for key, limit in CONTEXT_FIELDS.items()}
        blocks = documents.outline(clauses, context)
        output = request.GET.get("format", "html")
        if output == "html":
            return render(request, "clauses/print.html", {"blocks": blocks, "clauses": clauses})
        if output not in self.formats:
            raise Http404("Format inconnu.")
        render_bytes, content_type = self.formats[output]
        response = HttpResponse(render_bytes(blocks), content_type=content_type)
        name = f"clauses-apure-{timezone.localdate():%Y%m%d}.{output}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
