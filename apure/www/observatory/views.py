from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render

from apure.observatory import (
    contracts,
    export_files,
    exports,
    geography,
    indicators,
    pages,
    publication,
    segments,
    store_query,
)
from apure.observatory.cpv import division_label, is_known_division
from apure.observatory.filters import Filters
from apure.observatory.indicators import peer_position
from apure.paging import page_number
from apure.pooling import pages as pooling_pages

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
        "keep": (),
        **extra,
    }


def _page_number(request):
    return page_number(request.GET.get("page"))


def _section(request, kind):
    return pages.section_menu(kind, request.GET.get("partie", ""))


def home(request):
    filters = Filters.from_query(request.GET)
    dimension = "social" if request.GET.get("carte") == "social" else "environmental"
    section, menu = _section(request, "home")
    dashboard = pages.dashboard(filters, dimension, section) if store_query.is_loaded() else None
    return render(
        request,
        "observatory/home.html",
        _context(
            request,
            filters,
            dashboard=dashboard,
            map_dimension=dimension,
            section=section,
            sections=menu,
            loaded_files=contracts.loaded_files() or [],
        ),
    )


BUYER_FILTERS = {"annee", "segment", "cpv", "procedure", "montant", "type"}


def buyer(request, siret):
    filters = Filters.from_query(request.GET, default_region="").with_(
        buyer=siret, region="", departement="", buyer_kind=""
    )
    section, menu = _section(request, "buyer")
    data = pages.buyer_page(siret, filters, section) if store_query.is_loaded() else None
    if store_query.is_loaded() and data is None:
        raise Http404("Aucun contrat pour cet acheteur.")
    context = _context(request, filters, page=data, siret=siret, min_known=peer_position.MIN_KNOWN,
                       section=section, sections=menu)  # fmt: skip
    # A buyer page is about one buyer: territory and buyer filters make no sense there.
    context["filter_fields"] = [f for f in context["filter_fields"] if f["name"] in BUYER_FILTERS]
    # The pooling block (apure.pooling) is one part of the page, computed only when asked for.
    wanted = data and section == "mutualisation"
    context["pooling"] = pooling_pages.buyer_block(siret, exports.today()) if wanted else None
    return render(request, "observatory/buyer.html", context)


def contract(request, uid):
    data = pages.contract_page(uid) if store_query.is_loaded() else None
    if data is None:
        raise Http404("Contrat introuvable.")
    return render(request, "observatory/contract.html", data)


def segment(request, code):
    item = segments.get(code)
    if item is None:
        raise Http404("Segment inconnu.")
    filters = Filters.from_query(request.GET).with_(segment=code)
    return _breakdown(request, filters, item.label, "Segment d'achat",
                      f"Préfixes CPV\u00a0: {', '.join(item.cpv_prefixes)}")  # fmt: skip


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
    section, menu = _section(request, "territory" if map_dimension else "breakdown")
    if map_dimension and request.GET.get("carte") == "social":
        map_dimension = "social"
    data = (
        pages.breakdown_page(filters, section, map_dimension or "environmental")
        if store_query.is_loaded()
        else None
    )
    return render(
        request,
        "observatory/breakdown.html",
        _context(request, filters, page=data, title=title, kind_label=kind_label,
                 subtitle=subtitle, section=section, sections=menu,
                 map_dimension=map_dimension),
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
            "sources": contracts.loaded_files() if loaded else None,
            "coverage": contracts.coverage() if loaded else None,
            "field_labels": {**exports.CONTRACT_COLUMNS,
                             "social": "Considération sociale (connue)",
                             "environmental": "Considération environnementale (connue)"},
            "notes": contracts.notes_by_code() if loaded else None,
            "test_records": contracts.test_records() if loaded else None,
            "follow_up": publication.buyers_to_follow_up() if loaded else None,
            "indicators": indicators.all_indicators(),
            "reference_values": indicators.reference_values(),
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
    data = pages.contract_list(
        filters, text, request.GET.getlist("colonne"), request.GET.get("tri", ""),
        request.GET.get("sens"), _page_number(request), request.GET.get("curseur", ""),
    )  # fmt: skip
    return render(
        request,
        "observatory/contracts.html",
        _context(request, filters, q=text, all_columns=exports.CONTRACT_COLUMNS,
                 limits=exports.LIMITS, **data),
    )  # fmt: skip


def contract_export(request, fmt):
    if not store_query.is_loaded():
        raise Http404("Aucune donnée importée.")
    filters = Filters.from_query(request.GET)
    columns = exports.chosen_columns(request.GET.getlist("colonne"))
    text = request.GET.get("q", "")[:200]
    name = exports.file_name("marches", filters, fmt)
    if fmt == "xlsx":
        try:
            workbook = export_files.contract_list_xlsx(filters, columns, text)
        except export_files.ExportsBusy:
            return _exports_busy(request)
        return _xlsx_response(workbook, name)
    header = [exports.CONTRACT_COLUMNS[column] for column in columns]
    rows = contracts.stream(filters, columns, text=text, limit=exports.LIMITS[fmt])
    return _file_response(fmt, name, header, exports.contract_rows(columns, rows))


def _exports_busy(request):
    seconds = export_files.RETRY_AFTER_SECONDS
    response = render(request, "observatory/export_busy.html",
                      {"retry_after": seconds, "querystring": request.GET.urlencode()},
                      status=503)  # fmt: skip
    response["Retry-After"] = str(seconds)
    return response


def indicator_export(request, code, fmt):
    indicator = indicators.get(code)
    if indicator is None or not store_query.is_loaded():
        raise Http404("Indicateur inconnu ou aucune donnée importée.")
    filters = Filters.from_query(request.GET)
    result = indicator.compute(filters)
    header, rows, formats = exports.indicator_table(result, fmt)
    return _file_response(fmt, exports.file_name(code, filters, fmt), header, rows, formats,
                          sheet=indicator.title)  # fmt: skip


def _file_response(fmt, filename, header, rows, formats=None, sheet="Marchés"):
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return _xlsx_response(exports.xlsx_file(sheet, header, rows, formats), filename)


def _xlsx_response(handle, filename):
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
