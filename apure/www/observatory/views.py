from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render

from apure.observatory import (
    contracts,
    exports,
    geography,
    indicators,
    pages,
    reference,
    segments,
    store_query,
)
from apure.observatory.cpv import division_label, is_known_division
from apure.observatory.filters import Filters
from apure.observatory.indicators import peer_position

from .forms import filter_fields


def _context(request, filters, **extra):
    return {
        "filters": filters,
        "filter_fields": filter_fields(filters),
        "querystring": filters.querystring(),
        "loaded": store_query.is_loaded(),
        "imports": contracts.imports() or [],
        "filter_description": ", ".join(filters.description()),
        "all_indicators": indicators.all_indicators(),
        **extra,
    }


def _page_number(request):
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


def home(request):
    filters = Filters.from_query(request.GET)
    dimension = "social" if request.GET.get("carte") == "social" else "environmental"
    dashboard = pages.dashboard(filters, dimension) if store_query.is_loaded() else None
    return render(
        request,
        "observatory/home.html",
        _context(
            request,
            filters,
            dashboard=dashboard,
            map_dimension=dimension,
            loaded_files=contracts.loaded_files() or [],
        ),
    )


BUYER_FILTERS = {"annee", "segment", "cpv", "procedure", "montant", "type"}


def buyer(request, siret):
    filters = Filters.from_query(request.GET, default_region="").with_(
        buyer=siret, region="", departement="", buyer_kind=""
    )
    data = pages.buyer_page(siret, filters) if store_query.is_loaded() else None
    if store_query.is_loaded() and data is None:
        raise Http404("Aucun contrat pour cet acheteur.")
    context = _context(request, filters, page=data, siret=siret, min_known=peer_position.MIN_KNOWN)
    # A buyer page is about one buyer: territory and buyer filters make no sense there.
    context["filter_fields"] = [f for f in context["filter_fields"] if f["name"] in BUYER_FILTERS]
    return render(request, "observatory/buyer.html", context)


def contract(request, uid):
    data = contracts.detail(uid) if store_query.is_loaded() else None
    if data is None:
        raise Http404("Contrat introuvable.")
    return render(
        request,
        "observatory/contract.html",
        {"contract": data, "fields": contracts.french_fields(data)},
    )


def segment(request, code):
    item = segments.get(code)
    if item is None:
        raise Http404("Segment inconnu.")
    filters = Filters.from_query(request.GET).with_(segment=code)
    return _breakdown(request, filters, item.label, "Segment d'achat",
                      f"Préfixes CPV : {', '.join(item.cpv_prefixes)}")  # fmt: skip


def cpv_division(request, division):
    if not (len(division) == 2 and division.isdigit()):
        raise Http404("Division CPV inconnue.")
    if not is_known_division(division) and not (
        store_query.is_loaded() and contracts.has_division(division)
    ):
        raise Http404("Division CPV inconnue du CPV 2008 et absente des données.")
    filters = Filters.from_query(request.GET).with_(cpv_division=division, segment="")
    return _breakdown(
        request, filters, f"{division} – {division_label(division)}", "Division CPV", ""
    )


def region(request, code):
    if code not in geography.regions():
        raise Http404("Région inconnue.")
    filters = Filters.from_query(request.GET).with_(region=code, departement="")
    return _breakdown(request, filters, geography.region_name(code), "Région", "",
                      map_dimension="environmental")  # fmt: skip


def departement(request, code):
    if code not in geography.departements():
        raise Http404("Département inconnu.")
    filters = Filters.from_query(request.GET, default_region="").with_(region="", departement=code)
    return _breakdown(request, filters, f"{geography.departement_name(code)} ({code})",
                      "Département", "", map_dimension="environmental")  # fmt: skip


def _breakdown(request, filters, title, kind_label, subtitle, map_dimension=None):
    data = pages.breakdown_page(filters) if store_query.is_loaded() else None
    if data is not None and map_dimension:
        data = {**data, "map": pages.departement_map(filters, map_dimension)}
    return render(
        request,
        "observatory/breakdown.html",
        _context(request, filters, page=data, title=title, kind_label=kind_label,
                 subtitle=subtitle),
    )  # fmt: skip


def indicator(request, code):
    item = indicators.get(code)
    if item is None:
        raise Http404("Indicateur inconnu.")
    filters = Filters.from_query(request.GET)
    result = item.compute(filters) if store_query.is_loaded() else None
    return render(
        request,
        "observatory/indicator.html",
        _context(request, filters, indicator=item, result=result),
    )


def quality(request):
    loaded = store_query.is_loaded()
    return render(
        request,
        "observatory/quality.html",
        {
            "loaded": loaded,
            "imports": contracts.imports() or [],
            "coverage": contracts.coverage() if loaded else None,
            "field_labels": {**exports.CONTRACT_COLUMNS,
                             "social": "Considération sociale (connue)",
                             "environmental": "Considération environnementale (connue)"},
            "notes": contracts.notes_by_code() if loaded else None,
            "test_records": contracts.test_records() if loaded else None,
            "indicators": indicators.all_indicators(),
            "reference_values": reference.all_values(),
            "segments": segments.all_segments(),
        },
    )  # fmt: skip


def search(request):
    text = request.GET.get("q", "").strip()[:200]
    loaded = store_query.is_loaded()
    buyers = contracts.search_buyers(text) if loaded and text else []
    found = (
        contracts.page(Filters.build(), text=text, size=20) if loaded and len(text) >= 2 else None
    )
    return render(
        request,
        "observatory/search.html",
        {"q": text, "loaded": loaded, "buyers": buyers, "found": found},
    )


def contract_list(request):
    filters = Filters.from_query(request.GET)
    text = request.GET.get("q", "").strip()[:200]
    sort = request.GET.get("tri", "date")
    listing = (
        contracts.page(filters, text=text, number=_page_number(request), sort=sort)
        if store_query.is_loaded()
        else None
    )
    base = filters.querystring() + (f"&q={text}" if text else "") + f"&tri={sort}"
    return render(
        request,
        "observatory/contracts.html",
        _context(
            request, filters, listing=listing, q=text, sort=sort, page_base=base,
            columns=exports.CONTRACT_COLUMNS, default_columns=exports.DEFAULT_COLUMNS,
            limits=exports.LIMITS, sorts=[("date", "date"), ("montant", "montant"),
                                          ("acheteur", "acheteur")],
        ),
    )  # fmt: skip


def contract_export(request, fmt):
    if not store_query.is_loaded():
        raise Http404("Aucune donnée importée.")
    filters = Filters.from_query(request.GET)
    columns = exports.chosen_columns(request.GET.getlist("colonne"))
    header = [exports.CONTRACT_COLUMNS[column] for column in columns]
    rows = contracts.stream(filters, columns, text=request.GET.get("q", "")[:200],
                            limit=exports.LIMITS[fmt])  # fmt: skip
    return _file_response(fmt, "marches", header, exports.contract_rows(columns, rows),
                          exports.contract_formats(columns))  # fmt: skip


def indicator_export(request, code, fmt):
    indicator = indicators.get(code)
    if indicator is None or not store_query.is_loaded():
        raise Http404("Indicateur inconnu ou aucune donnée importée.")
    filters = Filters.from_query(request.GET)
    result = indicator.compute(filters)
    header, rows, formats = exports.indicator_table(result, fmt)
    return _file_response(fmt, code, header, rows, formats)


def _file_response(fmt, name, header, rows, formats=None):
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(
        exports.xlsx_file(name, header, rows, formats),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
