"""Pages of the directory of inclusive suppliers (/outils/fournisseurs/). Thin: rules live in
apure.suppliers and apure.organisations.permissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from apure.organisations import permissions
from apure.paging import page_number
from apure.suppliers import references, search
from apure.suppliers.models import Supplier, today

from .forms import SearchForm, SupplierForm

PAGE_SIZE = 25


def _criteria(form):
    data = form.cleaned_data if form.is_valid() else {}
    commune, departement = data.get("commune"), data.get("departement")
    return search.Criteria(
        kind=data.get("kind", ""),
        words=data.get("words", ""),
        departement=departement.code if departement else "",
        commune_code=commune.code if commune else "",
        radius_km=data.get("radius_km"),
    )


def directory(request):
    form = SearchForm(request.GET)
    criteria = _criteria(form)
    paginator = Paginator(search.apply(criteria), PAGE_SIZE)
    page = paginator.get_page(page_number(request.GET.get("page")))
    page.object_list = search.with_distances(page.object_list, criteria.commune_code)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suppliers/directory.html",
        {
            "form": form,
            "criteria": criteria,
            "page": page,
            "query": query.urlencode(),
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
