"""Pages of the yearly duties: SPASER workspaces and reports (/outils/spaser/) and AGEC
declarations (/outils/agec/). Thin: the figures come from apure.reporting, the rights from
apure.organisations.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apure.organisations import permissions
from apure.organisations.models import Organisation
from apure.reporting import agec, body_figures, pdf, spaser
from apure.reporting.models import (
    AgecDeclaration,
    EnteredValue,
    Measure,
    Objective,
    SpaserScheme,
)

from .forms import (
    AgecLineFormSet,
    DeclarationForm,
    EnteredValueForm,
    ObjectiveForm,
    OpenDeclarationForm,
    ReportForm,
    SchemeForm,
)


def _last_year() -> int:
    """The year a body reports on by default: the last complete calendar year."""
    return timezone.localdate().year - 1


def _year(value) -> int:
    if not str(value).isdecimal() or not 2015 <= int(value) <= 2100:
        raise Http404("Année inconnue.")
    return int(value)


def _editable_body(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_edit_duties(request.user, organisation):
        raise PermissionDenied(
            "Seules les personnes de cette structure et les animateurs y ont accès."
        )
    return organisation


def _own_body_link(user):
    return user.organisation if user.is_authenticated and user.organisation_id else None


# --- SPASER ---------------------------------------------------------------------------------------
def spaser_index(request):
    """Published reports for everyone; one's own workspace; every body for facilitators."""
    bodies = None
    if permissions.is_facilitator(request.user):
        bodies = Organisation.objects.members().annotate(
            scheme_start=F("spaser_scheme__period_start"),
            scheme_end=F("spaser_scheme__period_end"),
        )
    return render(
        request,
        "reporting/spaser_index.html",
        {
            "online": spaser.online_reports(),
            "own_body": _own_body_link(request.user),
            "bodies": bodies,
        },
    )


def _opening_year(scheme):
    """The year the workspace opens on: that of the body's latest report, where its work is,
    or else the last complete year."""
    latest = (
        scheme.reports.order_by("-year").values_list("year", flat=True).first() if scheme else None
    )
    return latest or _last_year()


@login_required
def workspace(request, slug):
    organisation = _editable_body(request, slug)
    scheme = SpaserScheme.objects.filter(organisation=organisation).first()
    year = _year(request.GET.get("annee") or _opening_year(scheme))
    context = {"organisation": organisation, "scheme": scheme, "year": year}
    if scheme:
        context["values"] = spaser.yearly_values(scheme, year)
        context["reports"] = scheme.reports.all()
        context["obligation"] = body_figures.obligation(organisation, year)
    return render(request, "reporting/workspace.html", context)


@login_required
def scheme_edit(request, slug):
    organisation = _editable_body(request, slug)
    scheme = SpaserScheme.objects.filter(organisation=organisation).first()
    form = SchemeForm(request.POST or None, instance=scheme, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = organisation
        form.save()
        messages.success(request, "Schéma enregistré.")
        return redirect("spaser:workspace", slug)
    return render(
        request,
        "reporting/scheme_form.html",
        {"organisation": organisation, "form": form, "scheme": scheme},
    )


@login_required
def objective_edit(request, slug, pk=None):
    organisation = _editable_body(request, slug)
    scheme = get_object_or_404(SpaserScheme, organisation=organisation)
    objective = get_object_or_404(Objective, pk=pk, scheme=scheme) if pk else None
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        form.instance.scheme = scheme
        form.save()
        messages.success(request, "Objectif enregistré.")
        return redirect("spaser:workspace", slug)
    return render(
        request,
        "reporting/objective_form.html",
        {"organisation": organisation, "form": form, "objective": objective},
    )


@login_required
@require_POST
def objective_delete(request, slug, pk):
    organisation = _editable_body(request, slug)
    get_object_or_404(Objective, pk=pk, scheme__organisation=organisation).delete()
    messages.success(request, "Objectif supprimé.")
    return redirect("spaser:workspace", slug)


def _report_scheme(request, slug, year):
    """The scheme and report, and whether the visitor may edit; 404 unless online or editor."""
    organisation = get_object_or_404(Organisation, slug=slug)
    scheme = get_object_or_404(SpaserScheme, organisation=organisation)
    can_edit = permissions.can_edit_duties(request.user, organisation)
    report = scheme.reports.filter(year=year).first()
    if not can_edit and not (report and report.is_online):
        raise Http404("Ce rapport n'est pas publié en ligne.")
    return scheme, can_edit


def report(request, slug, year):
    """One stable address: the public report once online, the editable draft for the body."""
    year = _year(year)
    scheme, can_edit = _report_scheme(request, slug, year)
    content = spaser.report_content(scheme, year)
    forms = {}
    if can_edit:
        data = request.POST if request.method == "POST" else None
        entered = {
            value.objective_id: value
            for value in EnteredValue.objects.filter(objective__scheme=scheme, year=year)
        }
        forms["entered"] = [
            EnteredValueForm(data, objective=objective, instance=entered.get(objective.pk))
            for objective in scheme.objectives.filter(measure=Measure.ENTERED)
        ]
        forms["report"] = ReportForm(data, instance=content["report"])
        if request.method == "POST" and _save_report_forms(forms, year):
            if request.POST.get("suite") == "publier":
                # « Enregistrer et publier en ligne… »: saved, then the confirmation.
                return redirect("spaser:report_publish", slug, year)
            messages.success(request, "Rapport enregistré.")
            return redirect("spaser:report", slug, year)
    elif request.method == "POST":
        raise PermissionDenied(
            "Seules les personnes de cette structure et les animateurs y ont accès."
        )
    return render(
        request, "reporting/report.html", {**content, "can_edit": can_edit, "forms": forms}
    )


@transaction.atomic
def _save_report_forms(forms, year) -> bool:
    if not all(form.is_valid() for form in [*forms["entered"], forms["report"]]):
        return False
    for form in forms["entered"]:
        if form.cleaned_data.get("value") is None:
            if form.instance.pk:
                form.instance.delete()
            continue
        form.instance.objective = form.objective
        form.instance.year = year
        form.save()
    forms["report"].save()
    return True


@login_required
def report_publish(request, slug, year):
    """Put a report online (one action, after a page saying what becomes public), or take it
    offline. Every request, reading the confirmation included, checks the right to edit."""
    organisation = _editable_body(request, slug)
    scheme = get_object_or_404(SpaserScheme, organisation=organisation)
    year = _year(year)
    if request.method == "POST":
        report = spaser.report_for(scheme, year)
        if request.POST.get("action") == "retirer":
            spaser.unpublish(report)
            messages.success(
                request,
                "Rapport retiré\u00a0: il n'est plus en ligne et redevient un brouillon, visible "
                "seulement par votre structure et l'animation du réseau.",
            )
        elif request.POST.get("action") == "publier":
            spaser.publish(report, timezone.now())
            messages.success(
                request,
                "Rapport publié en ligne\u00a0: tout le monde peut le lire à cette adresse.",
            )
        return redirect("spaser:report", slug, year)
    content = spaser.report_content(scheme, year)
    return render(
        request,
        "reporting/report_publish.html",
        {
            **content,
            "public_url": spaser.public_url(content["report"].get_absolute_url()),
            "pdf_url": spaser.public_url(reverse("spaser:report_pdf", args=[slug, year])),
            "index_url": spaser.public_url(reverse("spaser:index")),
            "entered": [item for item in content["values"] if item.origin == spaser.Origin.ENTERED],
        },
    )


def report_pdf(request, slug, year):
    year = _year(year)
    scheme, _ = _report_scheme(request, slug, year)
    response = HttpResponse(
        pdf.render(spaser.report_content(scheme, year)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="rapport-spaser-{slug}-{year}.pdf"'
    return response


# --- AGEC -----------------------------------------------------------------------------------------
def _declaration_years() -> list[int]:
    """From the first year of décret 2024-134 up to the current year."""
    first = int(agec.period_keys()[0])
    return list(range(timezone.localdate().year, first - 1, -1))


@login_required
def agec_index(request):
    user = request.user
    if permissions.is_facilitator(user):
        declarations = AgecDeclaration.objects.select_related("organisation")
    elif user.organisation_id:
        declarations = AgecDeclaration.objects.filter(organisation_id=user.organisation_id)
        declarations = declarations.select_related("organisation")
    else:
        declarations = AgecDeclaration.objects.none()
    form = None
    if user.organisation_id and permissions.can_edit_duties(user, user.organisation):
        form = OpenDeclarationForm(years=_declaration_years(), initial={"year": _last_year()})
    return render(
        request,
        "reporting/agec_index.html",
        {"declarations": declarations, "form": form, "own_body": _own_body_link(user)},
    )


@login_required
@require_POST
def agec_open(request, slug):
    organisation = _editable_body(request, slug)
    form = OpenDeclarationForm(request.POST, years=_declaration_years())
    if not form.is_valid():
        messages.error(request, "Choisissez une année de la liste.")
        return redirect("agec:index")
    declaration = agec.open_declaration(organisation, form.cleaned_data["year"])
    return redirect(declaration)


def _declaration(request, slug, year):
    organisation = _editable_body(request, slug)
    return get_object_or_404(
        AgecDeclaration.objects.select_related("organisation"),
        organisation=organisation,
        year=_year(year),
    )


@login_required
def agec_declaration(request, slug, year):
    declaration = _declaration(request, slug, year)
    data = request.POST if request.method == "POST" else None
    lines = declaration.lines.all()
    formset = AgecLineFormSet(data, queryset=lines)
    form = DeclarationForm(data, instance=declaration)
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
        messages.success(request, "Déclaration enregistrée.")
        return redirect(declaration)
    rows = [
        {
            "form": line_form,
            "label": agec.category_label(line_form.instance.category),
            "floors": agec.floors_of(line_form.instance, declaration.year),
            "grid": agec.floor_grid(line_form.instance.category),
        }
        for line_form in formset
    ]
    return render(
        request,
        "reporting/agec_declaration.html",
        {
            "declaration": declaration,
            "organisation": declaration.organisation,
            "form": form,
            "formset": formset,
            "rows": rows,
            "period": agec.period_of_year(declaration.year),
            "periods": agec.period_keys(),
            "problems": agec.export_problems(declaration),
            "incomplete": agec.incomplete_categories(declaration),
        },
    )


@login_required
@require_POST
def agec_refresh(request, slug, year):
    declaration = _declaration(request, slug, year)
    agec.prefill(declaration)
    messages.success(request, "Valeurs préremplies mises à jour\u00a0; vos saisies sont gardées.")
    return redirect(declaration)


@login_required
def agec_export(request, slug, year):
    declaration = _declaration(request, slug, year)
    problems = agec.export_problems(declaration)
    if problems:
        messages.error(request, " ".join(problems))
        return redirect(declaration)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="declaration-agec-{declaration.siret}-{declaration.year}.csv"'
    )
    agec.write_csv(declaration, response)
    return response
