"""Follows (« Suivre », « Mes suivis ») and error reports (« Signaler une erreur »).

Thin views over apure.follow; every write checks its permission here or in the domain."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apure.follow import follow as follows
from apure.follow import reports
from apure.follow.models import ErrorReport, ReportStatus
from apure.observatory import store_query
from apure.operations import throttle
from apure.organisations.permissions import can_follow_observatory, is_facilitator
from apure.paging import page_number

from .follow_forms import CommentForm, ReportForm

# Per client, in the site's window of 15 minutes (apure/operations/throttle.py): a person
# reports a few errors, not dozens; a typed address gets at most a few confirmation e-mails.
VISITOR_REPORTS_PER_CLIENT = 5
VISITOR_REPORTS_PER_ADDRESS = 3
MEMBER_REPORTS_PER_CLIENT = 20
# Reports per page of the facilitators' list.
REPORTS_PER_PAGE = 50
REFUSED_MESSAGE = (
    "Trop de signalements en peu de temps depuis votre connexion ou pour cette adresse\u00a0: rien "
    "n'a été transmis. Réessayez dans 15 minutes."
)


def _check_member(user):
    if not can_follow_observatory(user):
        raise PermissionDenied("Le suivi est réservé aux membres du réseau.")


def _back(request, default):
    target = request.POST.get("suivant", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


# Follows -------------------------------------------------------------------------------------


@login_required
@require_POST
def follow_toggle(request):
    _check_member(request.user)
    kind, code, region = (request.POST.get(name, "") for name in ("type", "code", "region"))
    try:
        if request.POST.get("action") == "retirer":
            item = follows.find(request.user, *follows.clean_target(kind, code, region))
            if item is not None:
                item.delete()
            messages.success(request, "Vous ne suivez plus cette vue.")
        else:
            item = follows.follow(request.user, kind, code, region)
            messages.success(
                request,
                f"Vous suivez désormais « {item.label} »\u00a0: vous recevrez un récapitulatif par "
                "e-mail après chaque import qui apporte de nouveaux contrats.",
            )
    except follows.FollowError as error:
        messages.error(request, str(error))
    return _back(request, "observatory:follows")


@login_required
def follow_list(request):
    _check_member(request.user)
    items = [
        (item, follows.links(item))
        for item in request.user.observatory_follows.all().order_by("kind", "label", "pk")
    ]
    own_reports = (
        ErrorReport.objects.filter(reporter=request.user)
        .exclude(status=ReportStatus.UNCONFIRMED)
        .annotate(comments_count=Count("comments"), last_comment_at=Max("comments__created_at"))
        .order_by("-created_at", "-pk")  # aggregated queries drop Meta.ordering
    )
    return render(
        request,
        "observatory/follows.html",
        {
            "items": items,
            "digest": follows.wants_digest(request.user),
            "own_reports": own_reports,
        },
    )


@login_required
@require_POST
def follow_remove(request, pk):
    _check_member(request.user)
    try:
        follows.unfollow(request.user, pk)
        messages.success(request, "Suivi retiré.")
    except follows.FollowError as error:
        messages.error(request, str(error))
    return redirect("observatory:follows")


@login_required
@require_POST
def follow_digest(request):
    _check_member(request.user)
    wanted = request.POST.get("recevoir") == "oui"
    follows.set_digest(request.user, wanted)
    messages.success(
        request,
        "Vous recevrez le récapitulatif après chaque import."
        if wanted
        else "Vous ne recevrez plus le récapitulatif\u00a0; vos suivis restent listés ici.",
    )
    return redirect("observatory:follows")


@csrf_exempt  # mail clients POST themselves (RFC 8058 one-click); only the signed token counts
def follow_unsubscribe(request, token):
    error, done = None, False
    try:
        follows.read_unsubscribe_token(token)
    except follows.FollowError as exc:
        error = str(exc)
    if request.method == "POST" and error is None:
        follows.unsubscribe(token)
        done = True
    return render(request, "observatory/follow_unsubscribe.html", {"error": error, "done": done})


# Error reports -------------------------------------------------------------------------------


def _report_allowed(request, email):
    if request.user.is_authenticated:
        return throttle.allow_client(request, "error-report-member", MEMBER_REPORTS_PER_CLIENT)
    return throttle.allow_client(
        request, "error-report", VISITOR_REPORTS_PER_CLIENT
    ) and throttle.allow("error-report", email, VISITOR_REPORTS_PER_ADDRESS)


def report_create(request):
    uid = request.GET.get("marche", "")[:300]
    contract = reports.contract_for_report(uid) if uid and store_query.is_loaded() else None
    if contract is None:
        raise Http404("Contrat introuvable.")
    signed_in = request.user.is_authenticated
    form = ReportForm(request.POST or None, signed_in=signed_in)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data.get("email", "")
        if _report_allowed(request, email):
            reports.create(
                contract,
                form.cleaned_data["topic"],
                form.cleaned_data["message"],
                user=request.user if signed_in else None,
                email=email,
            )
            if signed_in:
                messages.success(
                    request,
                    "Merci\u00a0: votre signalement est transmis à l'animation du réseau. "
                    + (
                        "Suivez son état dans « Mes suivis »."
                        if can_follow_observatory(request.user)
                        else "Vous recevrez un e-mail quand elle y donnera suite."
                    ),
                )
            else:
                # The same answer whether or not the address is known.
                messages.success(
                    request,
                    "Merci\u00a0: un e-mail vous a été envoyé. Suivez son lien "
                    "pour transmettre le signalement à l'animation du réseau.",
                )
            return redirect("observatory:contract", uid)
        form.add_error(None, REFUSED_MESSAGE)
        status = 429
    return render(
        request,
        "observatory/report_form.html",
        {"form": form, "contract": contract, "signed_in": signed_in},
        status=status,
    )


def report_confirm(request, token):
    error, report = None, None
    if request.method == "POST":
        try:
            report = reports.confirm(token)
        except reports.ReportError as exc:
            error = str(exc)
    return render(
        request,
        "observatory/report_confirm.html",
        {"error": error, "report": report, "done": report is not None},
    )


@login_required
def report_list(request):
    if not is_facilitator(request.user):
        raise PermissionDenied("Seule l'animation du réseau voit les signalements.")
    state = request.GET.get("etat", ReportStatus.OPEN)
    if state not in (ReportStatus.OPEN, ReportStatus.CLOSED):
        state = ReportStatus.OPEN
    page = Paginator(
        ErrorReport.objects.for_facilitators().filter(status=state), REPORTS_PER_PAGE
    ).get_page(page_number(request.GET.get("page")))
    return render(
        request,
        "observatory/reports.html",
        {"page": page, "query": f"etat={state}", "state": state, "states": ReportStatus},
    )


@login_required
def report_detail(request, pk):
    report = get_object_or_404(ErrorReport.objects.exclude(status=ReportStatus.UNCONFIRMED), pk=pk)
    facilitator = is_facilitator(request.user)
    if not facilitator and report.reporter_id != request.user.pk:
        raise PermissionDenied("Ce signalement n'est visible que de son auteur et de l'animation.")
    form = CommentForm()
    if request.method == "POST":
        if not facilitator:
            raise PermissionDenied("Seule l'animation du réseau traite les signalements.")
        action = request.POST.get("action")
        if action == "clore":
            if reports.close(report, request.user):
                messages.success(request, "Signalement clos.")
            return redirect("observatory:report", pk)
        if action == "rouvrir":
            if reports.reopen(report, request.user):
                messages.success(request, "Signalement rouvert.")
            return redirect("observatory:report", pk)
        form = CommentForm(request.POST)
        if form.is_valid():
            reports.comment(report, request.user, form.cleaned_data["body"])
            messages.success(request, "Commentaire ajouté.")
            return redirect("observatory:report", pk)
    return render(
        request,
        "observatory/report_detail.html",
        {
            "report": report,
            "comments": report.comments.select_related("author"),
            "facilitator": facilitator,
            "form": form,
            "contract_url": reverse("observatory:contract", args=[report.uid]),
        },
    )


urlpatterns = [
    path("suivis/", follow_list, name="follows"),
    path("suivis/suivre/", follow_toggle, name="follow_toggle"),
    path("suivis/<int:pk>/retirer/", follow_remove, name="follow_remove"),
    path("suivis/recapitulatif/", follow_digest, name="follow_digest"),
    path("suivis/desinscription/<str:token>/", follow_unsubscribe, name="follow_unsubscribe"),
    path("signalements/", report_list, name="reports"),
    path("signalements/nouveau/", report_create, name="report_create"),
    path("signalements/confirmer/<str:token>/", report_confirm, name="report_confirm"),
    path("signalements/<int:pk>/", report_detail, name="report"),
]
