"""Pages of the directory of inclusive suppliers (/outils/fournisseurs/). Thin: rules live in
apure.suppliers and apure.organisations.permissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from apure.organisations import permissions
from apure.paging import page_number
from apure.suppliers import activities, maps, references, search
from apure.suppliers.models import Supplier, today

from .forms import SearchForm, SupplierForm

PAGE_SIZE = 25


def _activity(data):
    if data.get("segment"):
        return activities.for_segment(data["segment"])
    if data.get("cpv"):
        return activities.for_cpv(data["cpv"])
    return None


def _criteria(form):
    data = form.cleaned_data if form.is_valid() else {}
    commune, departement = data.get("commune"), data.get("departement")
    return search.Criteria(
        kind=data.get("kind", ""),
        words=data.get("words", ""),
        departement=departement.code if departement else "",
        commune_code=commune.code if commune else "",
        radius_km=data.get("radius_km"),
        activity=_activity(data),
        with_unknown=bool(data.get("with_unknown")),
    )


def directory(request):
    form = SearchForm(request.GET)
    criteria = _criteria(form)
    found = search.Search(criteria)
    results = found.results()
    paginator = Paginator(results, PAGE_SIZE)
    page = paginator.get_page(page_number(request.GET.get("page")))
    page.object_list = found.with_distances(page.object_list)
    won = references.counts_by_siren(supplier.siren for supplier in page.object_list)
    for supplier in page.object_list:
        supplier.won = None if won is None else won.get(supplier.siren, {})
    query = request.GET.copy()
    query.pop("page", None)
    searched = any(value for key, value in request.GET.items() if key != "page")
    return render(
        request,
        "suppliers/directory.html",
        {
            "form": form,
            "criteria": criteria,
            "search": found,
            "activity_counts": found.activity_counts(),
            "page": page,
            "query": query.urlencode(),
            "map": maps.supplier_map(results, criteria.commune_code, criteria.radius_km)
            if searched
            else None,
            "store_loaded": won is not None,
            "can_edit": permissions.can_edit_supplier(request.user),
        },
    )


def detail(request, siret):
    supplier = get_object_or_404(Supplier, siret=siret)
    return render(
        request,
        "suppliers/detail.html",
        {
            "supplier": supplier,
            "refs": references.of_supplier(supplier.siret),
            "can_edit": permissions.can_edit_supplier(request.user),
        },
    )


def _editor_required(request):
    if not permissions.can_edit_supplier(request.user):
        raise PermissionDenied("Seuls les animateurs du réseau modifient l'annuaire.")


def to_qualify(request):
    """Holders of reserved contracts missing from the directory."""
    _editor_required(request)
    return render(
        request,
        "suppliers/to_qualify.html",
        {"holders": references.unlisted_reserved_holders()},
    )


def create(request):
    _editor_required(request)
    initial = {
        "source": "Saisie par l'animation du réseau",
        "source_date": today(),
        "siret": request.GET.get("siret", "")[:14],
        "name": request.GET.get("nom", "")[:200],
    }
    return _edit(request, SupplierForm(request.POST or None, initial=initial), created=True)


def edit(request, siret):
    _editor_required(request)
    supplier = get_object_or_404(Supplier, siret=siret)
    return _edit(request, SupplierForm(request.POST or None, instance=supplier), created=False)


def _edit(request, form, created):
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        supplier = form.save()
        messages.success(request, "Fiche créée." if created else "Fiche enregistrée.")
        return redirect(supplier)
    return render(request, "suppliers/form.html", {"form": form, "created": created})
