"""The facilitators' directory edits and the insertion follow-up (/outils/facilitateurs/). Thin:
rules live in apure.facilitation and apure.organisations.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apure.clauses.models import SavedProject
from apure.facilitation import insertion
from apure.facilitation.models import Facilitator, InsertionFollowUp, InsertionYear
from apure.organisations import permissions

from .forms import FacilitatorForm, FollowUpForm, HoursForm


@login_required
def facilitator_edit(request, pk=None):
    facilitator = get_object_or_404(Facilitator, pk=pk) if pk else None
    if not permissions.can_edit_facilitator(request.user, facilitator):
        raise PermissionDenied(
            "Seuls les animateurs du réseau et le facilitateur lui-même modifient cette fiche."
        )
    form = FacilitatorForm(request.POST or None, instance=facilitator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Fiche du facilitateur enregistrée.")
        return redirect("suppliers:facilitators")
    return render(
        request, "suppliers/facilitator_form.html", {"form": form, "facilitator": facilitator}
    )


@login_required
def follow_ups(request):
    user = request.user
    found = InsertionFollowUp.objects.all()
    if not user.is_facilitator:
        mine = found.filter(facilitator__user=user)
        found = (
            mine | found.filter(organisation_id=user.organisation_id)
            if user.organisation_id
            else mine
        )
    return render(
        request,
        "suppliers/follow_ups.html",
        {
            "follow_ups": insertion.follow_ups_with_totals(found),
            "can_create": permissions.can_follow_insertion(user),
        },
    )


@login_required
def follow_up_create(request):
    if not permissions.can_follow_insertion(request.user):
        raise PermissionDenied("Le suivi des heures d'insertion est saisi par les facilitateurs.")
    initial = {}
    number = request.GET.get("projet", "")
    visible = SavedProject.objects.visible_to(request.user)
    project = visible.filter(pk=number).first() if number.isdigit() else None
    if project is not None:
        initial = {
            "organisation": project.organisation_id,
            "title": project.title,
            "hours_planned": insertion.planned_from_project(project),
        }
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.instance.project = project
        follow_up = form.save()
        messages.success(request, "Suivi créé\u00a0: saisissez les heures réalisées chaque année.")
        return redirect(follow_up)
    return render(request, "suppliers/follow_up_form.html", {"form": form, "project": project})


def _visible(request, pk):
    follow_up = get_object_or_404(
        InsertionFollowUp.objects.select_related("organisation", "facilitator", "project"), pk=pk
    )
    if not permissions.can_see_insertion(request.user, follow_up):
        raise PermissionDenied("Ce suivi concerne une autre structure.")
    return follow_up


@login_required
def follow_up(request, pk):
    follow_up = _visible(request, pk)
    years = list(follow_up.years.all())
    done = sum((year.hours_done for year in years), 0)
    return render(
        request,
        "suppliers/follow_up.html",
        {
            "follow_up": follow_up,
            "years": years,
            "done": done,
            "can_edit": permissions.can_follow_insertion(request.user, follow_up),
            "form": HoursForm(initial={"year": timezone.localdate().year}),
        },
    )


@login_required
@require_POST
def follow_up_hours(request, pk):
    follow_up = _visible(request, pk)
    if not permissions.can_follow_insertion(request.user, follow_up):
        raise PermissionDenied("Seul le facilitateur qui suit ce marché saisit ses heures.")
    form = HoursForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            InsertionYear.objects.update_or_create(
                follow_up=follow_up,
                year=form.cleaned_data["year"],
                defaults={"hours_done": form.cleaned_data["hours_done"]},
            )
            follow_up.save(update_fields=["updated_at"])
        messages.success(request, f"Heures de {form.cleaned_data['year']} enregistrées.")
    else:
        messages.error(
            request,
            "Heures non enregistrées\u00a0: "
            + " ".join(
                f"{form.fields[name].label}\u00a0: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ),
        )
    return redirect(follow_up)
