"""Pages of the facilitators' directory and support requests (/outils/facilitateurs/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apure.facilitation import insertion, workflow
from apure.facilitation.models import Facilitator, RequestStatus, SupportRequest
from apure.organisations import permissions

from .forms import AnswerForm, FacilitatorSearchForm, SupportRequestForm

ACTIONS = {"prendre-en-charge": RequestStatus.ACCEPTED, "clore": RequestStatus.CLOSED}


def facilitators(request):
    form = FacilitatorSearchForm(request.GET)
    found = Facilitator.objects.all()
    if form.is_valid():
        if form.cleaned_data["departement"]:
            found = found.covering(form.cleaned_data["departement"].code)
        if form.cleaned_data["theme"]:
            found = found.filter(theme=form.cleaned_data["theme"])
    found = list(found)
    for facilitator in found:
        facilitator.can_edit = permissions.can_edit_facilitator(request.user, facilitator)
    return render(
        request,
        "suppliers/facilitators.html",
        {
            "form": form,
            "facilitators": found,
            "can_request": permissions.can_request_support(request.user),
            "can_add": permissions.can_edit_facilitator(request.user),
            "insertion": insertion.network_totals(),
        },
    )


@login_required
def request_support(request, pk):
    if not permissions.can_request_support(request.user):
        raise PermissionDenied("Réservé aux membres du réseau.")
    facilitator = get_object_or_404(Facilitator, pk=pk)
    form = SupportRequestForm(
        request.POST or None, initial={"subject": request.GET.get("objet", "")[:200]}
    )
    if request.method == "POST" and form.is_valid():
        support = workflow.send(request.user, facilitator, **form.cleaned_data)
        messages.success(request, f"Demande envoyée à {facilitator.name}.")
        return redirect(support)
    return render(
        request, "suppliers/request_form.html", {"form": form, "facilitator": facilitator}
    )


@login_required
def support_requests(request):
    mine = SupportRequest.objects.filter(requester=request.user).select_related("facilitator")
    to_answer = SupportRequest.objects.to_answer_by(request.user).select_related(
        "facilitator", "requester"
    )
    return render(request, "suppliers/requests.html", {"mine": mine, "to_answer": to_answer})


def _visible(request, pk):
    support = get_object_or_404(
        SupportRequest.objects.select_related("facilitator", "requester"), pk=pk
    )
    if not permissions.can_see_support_request(request.user, support):
        raise PermissionDenied("Cette demande ne vous est pas adressée.")
    return support


@login_required
def support_request(request, pk):
    support = _visible(request, pk)
    can_answer = permissions.can_answer_support_request(request.user, support)
    return render(
        request,
        "suppliers/request_detail.html",
        {"support": support, "can_answer": can_answer, "form": AnswerForm()},
    )


@login_required
@require_POST
def support_request_action(request, pk, action):
    support = _visible(request, pk)
    if action not in ACTIONS or not permissions.can_answer_support_request(request.user, support):
        raise PermissionDenied("Seul le facilitateur sollicité répond à cette demande.")
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    try:
        workflow.move(support, ACTIONS[action], answer)
        messages.success(request, f"Demande « {support.get_status_display().lower()} ».")
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(support)
