"""Pages of the materials exchange (/outils/reemploi/). Thin: rules live in apure.reuse and
apure.organisations.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apure.observatory.exports import csv_lines, xlsx_file
from apure.operations import throttle
from apure.organisations import permissions
from apure.paging import page_number
from apure.reuse import alerts, impact, inventory, search, workflow
from apure.reuse.choices import Category
from apure.reuse.models import (
    ImpactFactor,
    Lot,
    LotPhoto,
    LotStatus,
    Reservation,
    ReservationStatus,
    SavedSearch,
    Wanted,
)

from .forms import (
    DeclineForm,
    HandOverForm,
    ImportForm,
    LotForm,
    RequestForm,
    ScheduleForm,
    SearchForm,
    WantedForm,
)

PAGE_SIZE = 20
# Requests and « recherché » posts a person may send per 15 minutes (DB rate limiter).
POSTS_PER_WINDOW = 30
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _member_required(request):
    if not permissions.is_member(request.user):
        raise PermissionDenied("Réservé aux membres du réseau.")


def _body_required(request):
    """Publishing and reserving are done in the name of one's member body."""
    _member_required(request)
    if request.user.organisation_id is None:
        raise PermissionDenied("Votre compte n'est rattaché à aucune structure membre.")


def _throttled(request, kind):
    return not throttle.allow(f"reuse-{kind}", request.user.email, POSTS_PER_WINDOW)


def _criteria(form):
    data = form.cleaned_data if form.is_valid() else {}
    commune = data.get("commune")
    return search.Criteria(
        category=data.get("category", ""),
        words=data.get("words", ""),
        commune_code=commune.code if commune else "",
        radius_km=data.get("radius_km"),
        available_on=data.get("available_on"),
    )


def home(request):
    """Open lots for everyone (no contacts), the search, and the network's totals."""
    params = request.GET.copy()
    if "commune" not in params and request.user.is_authenticated:
        params["commune"] = search.home_commune_code(request.user.organisation)
    form = SearchForm(params)
    criteria = _criteria(form)
    lots = search.ordered(search.apply(criteria).for_listing(), criteria)
    page = Paginator(lots, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    page.object_list = search.with_distances(page.object_list, criteria.commune_code)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reuse/home.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "totals": impact.totals(),
            "criteria": criteria,
            "can_save": permissions.is_member(request.user) and form.is_valid(),
        },
    )


def plain_quantity(quantity):
    """« 10 », not « 10.000 », in a form field: lots keep three decimals, and « 10.000 » reads
    as ten thousand in French."""
    if quantity is None or quantity == quantity.to_integral_value():
        return quantity if quantity is None else quantity.quantize(1)
    return quantity.normalize()


def _imported_message(count):
    if count == 1:
        return "1 lot importé en brouillon\u00a0: relisez-le et publiez-le."
    return f"{count} lots importés en brouillon\u00a0: relisez-les et publiez-les."


def _wanted_message(told):
    if told == 0:
        return "Recherche publiée. Aucun lot correspondant pour le moment."
    if told == 1:
        return "Recherche publiée. 1 cédant de lots correspondants prévenu."
    return f"Recherche publiée. {told} cédants de lots correspondants prévenus."


def _visible_lot(request, pk):
    lot = get_object_or_404(Lot.objects.select_related("organisation", "commune", "factor"), pk=pk)
    if lot.status in (LotStatus.DRAFT, LotStatus.WITHDRAWN) and not permissions.can_manage_lot(
        request.user, lot
    ):
        raise Http404("Ce lot n'est pas publié.")
    return lot


def lot_detail(request, pk):
    lot = _visible_lot(request, pk)
    manage = permissions.can_manage_lot(request.user, lot)
    return render(
        request,
        "reuse/lot_detail.html",
        {
            "lot": lot,
            "photos": lot.photos.all(),
            "can_manage": manage,
            "can_see_contacts": permissions.can_see_lot_contacts(request.user),
            "can_request": permissions.can_request_lot(request.user, lot)
            and lot.status == LotStatus.PUBLISHED,
            "request_form": RequestForm(
                initial={"quantity": plain_quantity(lot.quantity)}, unit=lot.unit_symbol
            ),
            "reservations": lot.reservations.for_listing() if manage else [],
            "home_commune": search.home_commune_code(getattr(request.user, "organisation", None))
            if request.user.is_authenticated
            else "",
        },
    )


def _save_lot(form, lot):
    lot = form.save()
    photo = form.cleaned_data.get("photo")
    if photo:
        LotPhoto.objects.create(lot=lot, image=photo, alt_text=form.cleaned_data["photo_alt"])
    return lot


@login_required
def lot_create(request):
    _body_required(request)
    lot = Lot(organisation=request.user.organisation, created_by=request.user)
    form = LotForm(request.POST or None, request.FILES or None, instance=lot, user=request.user)
    if request.method == "POST" and form.is_valid():
        lot = _save_lot(form, lot)
        messages.success(request, "Lot enregistré en brouillon\u00a0: relisez-le puis publiez-le.")
        return redirect(lot)
    return render(request, "reuse/lot_form.html", {"form": form, "lot": None})


def _managed_lot(request, pk):
    lot = get_object_or_404(Lot, pk=pk)
    if not permissions.can_manage_lot(request.user, lot):
        raise PermissionDenied("Seule la structure qui propose ce lot peut le modifier.")
    return lot


@login_required
def lot_edit(request, pk):
    lot = _managed_lot(request, pk)
    if lot.status not in (LotStatus.DRAFT, LotStatus.PUBLISHED, LotStatus.WITHDRAWN):
        raise PermissionDenied("Un lot réservé ou remis ne se modifie plus.")
    form = LotForm(
        request.POST or None,
        request.FILES or None,
        instance=lot,
        user=request.user,
        initial={
            name: plain_quantity(getattr(lot, name))
            for name in ("quantity", "unit_mass_kg", "price_eur", "new_unit_value_eur")
        },
    )
    if request.method == "POST" and form.is_valid():
        _save_lot(form, lot)
        messages.success(request, "Lot enregistré.")
        return redirect(lot)
    return render(request, "reuse/lot_form.html", {"form": form, "lot": lot})


def _step(request, action, success):
    """Run a workflow step; a refused step is told to the user, not a server error."""
    try:
        action()
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@require_POST
@login_required
def lot_publish(request, pk):
    lot = _managed_lot(request, pk)
    _step(
        request, lambda: workflow.publish(lot), "Lot publié\u00a0: les membres peuvent le réserver."
    )
    return redirect(lot)


@require_POST
@login_required
def lot_withdraw(request, pk):
    lot = _managed_lot(request, pk)
    _step(request, lambda: workflow.withdraw(lot), "Lot retiré de la bourse.")
    return redirect(lot)


@require_POST
@login_required
def lot_request(request, pk):
    _body_required(request)
    lot = _visible_lot(request, pk)
    if not permissions.can_request_lot(request.user, lot):
        raise PermissionDenied("Vous ne pouvez pas demander ce lot.")
    form = RequestForm(request.POST)
    if _throttled(request, "request"):
        messages.error(
            request, "Trop de demandes en peu de temps\u00a0: réessayez dans 15 minutes."
        )
        return redirect(lot)
    if not form.is_valid():
        messages.error(request, "Indiquez une quantité valide.")
        return redirect(lot)
    try:
        reservation = workflow.request(
            lot, request.user, form.cleaned_data["quantity"], form.cleaned_data["message"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(lot)
    messages.success(request, "Demande envoyée au cédant.")
    return redirect(reservation)


@login_required
def my_lots(request):
    _body_required(request)
    organisation = request.user.organisation
    lots = Lot.objects.of(organisation).for_listing().order_by("status", "-created_at")
    incoming = Reservation.objects.filter(
        lot__organisation=organisation, status=ReservationStatus.REQUESTED
    ).for_listing()
    return render(
        request,
        "reuse/my_lots.html",
        {"lots": lots, "incoming": incoming, "organisation": organisation},
    )


@login_required
def import_inventory(request):
    _body_required(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = inventory.import_file(form.cleaned_data["file"], request.user)
        except inventory.InventoryError as error:
            form.add_error("file", str(error))
        else:
            if result.errors:
                errors = result.errors
            else:
                messages.success(request, _imported_message(len(result.lots)))
                return redirect("reuse:my_lots")
    return render(request, "reuse/import.html", {"form": form, "errors": errors})


EXPORT_FORMATS = ("csv", "xlsx")


def import_template(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404("Format inconnu.")
    header, rows = inventory.template_rows()
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file("Inventaire réemploi", header, rows),
            as_attachment=True,
            filename="modele-inventaire-reemploi.xlsx",
            content_type=XLSX_TYPE,
        )
    response = HttpResponse(
        "".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="modele-inventaire-reemploi.csv"'
    return response


@login_required
def reservations(request):
    _body_required(request)
    organisation = request.user.organisation
    items = Reservation.objects.involving(organisation).for_listing()
    return render(
        request,
        "reuse/reservations.html",
        {
            "made": [r for r in items if r.requester_id == organisation.pk],
            "received": [r for r in items if r.lot.organisation_id == organisation.pk],
        },
    )


def _followed(request, pk):
    reservation = get_object_or_404(
        Reservation.objects.select_related("lot", "lot__organisation", "requester", "requested_by"),
        pk=pk,
    )
    if not permissions.can_follow_reservation(request.user, reservation):
        raise Http404("Réservation introuvable.")
    return reservation


@login_required
def reservation_detail(request, pk):
    reservation = _followed(request, pk)
    owner = permissions.can_decide_reservation(request.user, reservation)
    today = timezone.localdate()
    return render(
        request,
        "reuse/reservation_detail.html",
        {
            "reservation": reservation,
            "lot": reservation.lot,
            "events": reservation.events.select_related("actor"),
            "is_owner": owner,
            "is_requester": permissions.can_act_as_requester(request.user, reservation),
            "can_decide": owner and reservation.status == ReservationStatus.REQUESTED,
            "can_schedule": reservation.status
            in (ReservationStatus.ACCEPTED, ReservationStatus.SCHEDULED),
            "can_hand_over": owner
            and reservation.status in (ReservationStatus.ACCEPTED, ReservationStatus.SCHEDULED),
            "decline_form": DeclineForm(),
            "schedule_form": ScheduleForm(initial={"removal_date": reservation.removal_date}),
            "hand_over_form": HandOverForm(
                initial={
                    "quantity": plain_quantity(reservation.quantity),
                    "on": reservation.removal_date or today,
                }
            ),
        },
    )


@require_POST
@login_required
def reservation_action(request, pk, action):
    reservation = _followed(request, pk)
    owner = permissions.can_decide_reservation(request.user, reservation)
    user = request.user
    if action in ("accepter", "refuser", "remise") and not owner:
        raise PermissionDenied("Seul le cédant décide de cette étape.")
    if action == "accepter":
        _step(request, lambda: workflow.accept(reservation, user), "Demande acceptée.")
    elif action == "refuser":
        form = DeclineForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        _step(request, lambda: workflow.decline(reservation, user, note), "Demande refusée.")
    elif action == "date":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            date = form.cleaned_data["removal_date"]
            _step(
                request,
                lambda: workflow.schedule(reservation, user, date),
                "Date d'enlèvement enregistrée.",
            )
        else:
            messages.error(request, "Indiquez une date valide.")
    elif action == "remise":
        form = HandOverForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _step(
                request,
                lambda: workflow.hand_over(
                    reservation, user, data["quantity"], data["on"], data["weighed_mass_kg"]
                ),
                "Remise enregistrée\u00a0: l'impact est compté.",
            )
        else:
            messages.error(request, "Indiquez la quantité enlevée et la date de remise.")
    elif action == "annuler":
        _step(request, lambda: workflow.cancel(reservation, user), "Réservation annulée.")
    else:
        raise Http404("Action inconnue.")
    return redirect(reservation)


@login_required
def wanted_list(request):
    _member_required(request)
    items = Wanted.objects.filter(is_open=True).select_related("organisation", "commune")
    form = WantedForm(request.POST or None)
    if request.method == "POST":
        _body_required(request)
        if _throttled(request, "wanted"):
            messages.error(
                request, "Trop de publications en peu de temps\u00a0: réessayez plus tard."
            )
        elif form.is_valid():
            wanted = form.save(commit=False)
            wanted.organisation = request.user.organisation
            wanted.created_by = request.user
            wanted.save()
            told = alerts.notify_owners_of(wanted)
            messages.success(request, _wanted_message(told))
            return redirect("reuse:wanted_list")
    return render(request, "reuse/wanted.html", {"items": items, "form": form})


@login_required
def saved_searches(request):
    _member_required(request)
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            SavedSearch.objects.create(
                user=request.user,
                category=data["category"],
                words=data["words"],
                commune=data["commune"],
                radius_km=data["radius_km"],
            )
            messages.success(
                request, "Recherche enregistrée\u00a0: vous recevrez les nouveaux lots par e-mail."
            )
        else:
            messages.error(request, "Cette recherche ne peut pas être enregistrée.")
        return redirect("reuse:saved_searches")
    items = SavedSearch.objects.filter(user=request.user).select_related("commune")
    return render(request, "reuse/saved_searches.html", {"items": items})


@require_POST
@login_required
def saved_search_delete(request, pk):
    get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
    messages.success(request, "Recherche supprimée.")
    return redirect("reuse:saved_searches")


def _dashboard(request, organisation, template):
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "totals": impact.totals(organisation),
            "categories": impact.by_category(organisation),
            "months": impact.by_month(organisation),
        },
    )


def dashboard(request):
    return _dashboard(request, None, "reuse/dashboard.html")


@login_required
def my_dashboard(request):
    _body_required(request)
    return _dashboard(request, request.user.organisation, "reuse/dashboard.html")


def dashboard_export(request, scope, fmt):
    if scope not in ("reseau", "structure") or fmt not in EXPORT_FORMATS:
        raise Http404("Export inconnu.")
    organisation = None
    if scope == "structure":
        if not request.user.is_authenticated:  # asked to sign in, as for the dashboard
            return redirect_to_login(request.get_full_path())
        _body_required(request)
        organisation = request.user.organisation
    name = f"reemploi-remises-{'structure' if organisation else 'reseau'}-{timezone.localdate()}"
    rows = list(impact.export_rows(organisation))
    rows = [[float(v) if hasattr(v, "as_tuple") else v for v in row] for row in rows]
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file("Remises de réemploi", impact.EXPORT_HEADER, rows),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=XLSX_TYPE,
        )
    response = StreamingHttpResponse(
        csv_lines(impact.EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def factors(request):
    today = timezone.localdate()
    items = ImpactFactor.objects.order_by("category", "label", "-valid_from")
    return render(
        request,
        "reuse/factors.html",
        {
            "items": items,
            "in_force": set(ImpactFactor.objects.in_force(today).values_list("pk", flat=True)),
            "no_factor_categories": _categories_without_factor(today),
        },
    )


def _categories_without_factor(today):
    covered = set(ImpactFactor.objects.in_force(today).values_list("category", flat=True))
    return [label for value, label in Category.choices if value not in covered]
