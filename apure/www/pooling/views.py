from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apure.observatory import exports as observatory_exports
from apure.observatory import store_query
from apure.pooling import calendar, exports, pages
from apure.pooling.calendar import Scope
from apure.pooling.purchases import Purchase
from apure.pooling.territories import Territory

from . import forms

EXAMPLE = ("departement", "59", "construction-neuve")


def _scope_url(territory, purchase, period_years):
    url = reverse("pooling:scope", args=[territory.kind, territory.code, purchase.code])
    if period_years != calendar.DEFAULT_PERIOD_YEARS:
        url += f"?annees={period_years}"
    return url


def index(request):
    choice = forms.parse(request.GET)
    if choice.complete and not choice.errors:
        return redirect(_scope_url(choice.territory, choice.purchase, choice.period_years))
    return render(
        request,
        "pooling/index.html",
        {
            "choice": choice,
            "fields": forms.fields(choice),
            "example": reverse("pooling:scope", args=EXAMPLE),
        },
    )


def _scope(request, kind, code, purchase_code):
    territory = Territory.parse(kind, code)
    purchase = Purchase.parse(purchase_code)
    if territory is None or purchase is None:
        raise Http404("Territoire ou segment d'achat inconnu.")
    period_years = forms.period_years(request.GET)
    today = observatory_exports.today()
    years = calendar.period(today, period_years)
    return Scope(territory, purchase, years), period_years, today


def scope(request, kind, code, purchase):
    found, period_years, today = _scope(request, kind, code, purchase)
    choice = forms.Choice(found.territory, found.purchase, period_years)
    loaded = store_query.is_loaded()
    return render(
        request,
        "pooling/scope.html",
        {
            "scope": found,
            "today": today,
            "loaded": loaded,
            "page": pages.pooling_page(found, today) if loaded else None,
            "fields": forms.fields(choice),
            "choice": choice,
            "querystring": request.GET.urlencode(),
        },
    )


def export(request, kind, code, purchase, fmt):
    if fmt not in observatory_exports.LIMITS:
        raise Http404("Format inconnu.")
    found, _, today = _scope(request, kind, code, purchase)
    if not store_query.is_loaded():
        raise Http404("Aucune donnée importée.")
    name = exports.file_name(found, today, fmt)
    rows = exports.rows(found, today, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            observatory_exports.csv_lines(exports.header(), rows),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = observatory_exports.xlsx_file(
        exports.SHEET_TITLE, exports.header(), rows, exports.formats()
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
