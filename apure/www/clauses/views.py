from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, ListView, TemplateView, View

from apure.clauses import documents, saved
from apure.clauses.browse import browse
from apure.clauses.draft_form import RecommendForm
from apure.clauses.models import Clause, SavedProject, Segment
from apure.clauses.project_run import project_inputs, run
from apure.clauses.sizing import SOURCE as SIZING_SOURCE
from apure.organisations.permissions import can_see_body_work
from apure.reference import communes
from apure.suppliers import nearby

from .forms import SearchForm

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
                f"Filtre « {form.fields[name].label} » ignoré\u00a0: {' '.join(errors)}"
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


def _nearby_suppliers(outcome) -> dict | None:
    """The « fournisseurs inclusifs à proximité » block: None without a result or a segment."""
    if outcome.result is None or outcome.result.segment is None:
        return None
    segment = outcome.result.segment
    text = outcome.form.cleaned_data.get("commune", "")
    commune = communes.find_commune(text) if text else None
    query = urlencode({"segment": segment.code})
    return {
        "segment": segment,
        "commune_text": text,
        "commune_unknown": bool(text) and commune is None,
        "commune_hint": communes.HOW_TO_NAME,
        "summary": nearby.summary(segment, commune) if commune else None,
        "segment_url": f"{reverse('suppliers:directory')}?{query}",
        "facilitators_url": reverse("suppliers:facilitators")
        + (f"?departement={commune.departement_id}" if commune else ""),
    }


class RecommendView(TemplateView):
    template_name = "clauses/recommend.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "objet" not in self.request.GET:
            context["form"] = RecommendForm()
            context["nearby"] = None
            return context
        outcome = run(self.request.GET)
        context.update(
            form=outcome.form,
            choose_cpv=outcome.choose_cpv,
            no_cpv_match=outcome.no_cpv_match,
            result=outcome.result,
            sizing_source=SIZING_SOURCE,
            # The inputs go along with the ticked clauses: the document and the saved project
            # re-run the recommender on them.
            project_inputs=project_inputs(self.request.GET).items(),
            project=self._project_to_update(),
            nearby=_nearby_suppliers(outcome),
        )
        return context

    def _project_to_update(self):
        """The saved project reopened for an update (?projet=<id>), if the user may see it."""
        number = self.request.GET.get("projet", "")
        if not number.isdigit():
            return None
        return SavedProject.objects.visible_to(self.request.user).filter(pk=number).first()


def page_of_origin(request) -> str:
    """The page whose clause list asked for a document (its « retour » field), else the library.

    Going back to the recommender's own address keeps the buyer's project and results.
    """
    url = request.GET.get("retour", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("clauses:home")


class DocumentView(View):
    """The ticked clauses as DOCX, ODT or a printable page."""

    formats = {"docx": (documents.to_docx, documents.DOCX_TYPE),
               "odt": (documents.to_odt, documents.ODT_TYPE)}  # fmt: skip

    def get(self, request):
        clauses = ticked_clauses(request.GET)
        if not clauses:
            messages.error(request, "Cochez au moins une clause pour composer le document.")
            return redirect(page_of_origin(request))
        # Figures come from the server's own run of the project, never from the URL.
        result = run(request.GET).result if "objet" in request.GET else None
        blocks = documents.outline(clauses, result)
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


def ticked_clauses(params) -> list[Clause]:
    slugs = list(dict.fromkeys(params.getlist("clause")))[:100]
    by_slug = Clause.objects.published().in_bulk(slugs, field_name="slug")
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def reopen_url(project) -> str:
    query = {**project.inputs, "projet": project.pk}
    return f"{reverse('clauses:recommend')}?{urlencode(query)}#resultats"


def visible_project(request, pk):
    """The saved project, if the user's body owns it or the user is a facilitator (else 404)."""
    return get_object_or_404(SavedProject.objects.visible_to(request.user), pk=pk)


class ProjectListView(LoginRequiredMixin, ListView):
    template_name = "clauses/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return SavedProject.objects.visible_to(self.request.user).select_related(
            "organisation", "owner"
        )


class ProjectSaveView(LoginRequiredMixin, View):
    """Saves the recommender's project (new, or the one reopened) with the ticked clauses."""

    def post(self, request):
        if not can_see_body_work(request.user, request.user.organisation_id):
            messages.error(
                request, "Seuls les membres d'une structure peuvent enregistrer un marché."
            )
            return redirect(page_of_origin(request))
        outcome = run(request.POST)
        if outcome.result is None:
            messages.error(
                request, "Le projet est incomplet\u00a0: corrigez le formulaire puis enregistrez."
            )
            return redirect(page_of_origin(request))
        number = request.POST.get("projet", "")
        project = visible_project(request, number) if number.isdigit() else None
        clauses = [clause.slug for clause in ticked_clauses(request.POST)]
        project = saved.save(request.user, project_inputs(request.POST), clauses,
                             outcome.result, project)  # fmt: skip
        messages.success(request, "Marché enregistré dans « Mes marchés ».")
        return redirect(project)


class ProjectView(View):
    """A saved project re-run on today's law, with what changed since it was saved."""

    template_name = "clauses/project.html"

    def get(self, request, pk=None, token=None):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        read_only = token is not None
        if read_only:
            project = get_object_or_404(SavedProject.objects.exclude(share_token=""),
                                        share_token=token)  # fmt: skip
        else:
            project = visible_project(request, pk)
        outcome = run(project.inputs)
        current = saved.summarise(outcome.result) if outcome.result else {}
        clauses = Clause.objects.published().filter(slug__in=project.clauses)
        share_url = (
            request.build_absolute_uri(
                reverse("clauses:shared_project", args=[project.share_token])
            )
            if project.share_token and not read_only
            else ""
        )
        return render(request, self.template_name, {
            "project": project,
            "result": outcome.result,
            "changes": saved.status_changes(project.summary, current),
            "clauses": clauses,
            "read_only": read_only,
            "reopen_url": reopen_url(project),
            "share_url": share_url,
        })  # fmt: skip


class ProjectActionView(LoginRequiredMixin, View):
    """Update, share, revoke or delete a saved project: each write checks the right first."""

    def post(self, request, pk, action):
        project = visible_project(request, pk)
        if action == "mettre-a-jour":
            outcome = run(project.inputs)
            if outcome.result is not None:
                saved.save(request.user, project.inputs, project.clauses, outcome.result, project)
                messages.success(request, "Résultat mis à jour selon le droit en vigueur.")
        elif action == "partager":
            saved.share(project)
            messages.success(request, "Lien de consultation créé.")
        elif action == "retirer-partage":
            saved.revoke(project)
            messages.success(request, "Le lien de consultation ne fonctionne plus.")
        elif action == "supprimer":
            project.delete()
            messages.success(request, "Marché supprimé.")
            return redirect("clauses:projects")
        else:
            raise Http404("Action inconnue.")
        return redirect(project)
