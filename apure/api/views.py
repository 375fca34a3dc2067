"""Open JSON API of the observatory (described by openapi.json, served at /api/openapi.json)."""

import json
from pathlib import Path

from django.http import JsonResponse
from django.urls import reverse

from apure.observatory import contracts, indicators, store_query, summary
from apure.observatory.filters import Filters
from apure.observatory.indicators.base import POPULATION

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"
MAX_PAGE_SIZE = 200
NO_DATA = {"detail": "Aucune donnée importée."}


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _filters(request):
    # The API covers all of France unless a région is asked for (unlike the web pages).
    return Filters.from_query(request.GET, default_region="")


def _int(value, default, low, high):
    return min(max(int(value), low), high) if str(value).isdigit() else default


def indicators_view(request):
    filters = _filters(request)
    result = summary.compute(filters)
    if result is None:
        return _json(NO_DATA, 503)
    result["warnings"] = [*filters.errors, *filters.notices]
    result["population"] = POPULATION
    result["indicators"] = [
        {
            "code": indicator.code,
            "title": indicator.title,
            "version": indicator.version,
            "url": request.build_absolute_uri(reverse("api:indicator", args=[indicator.code])),
        }
        for indicator in indicators.all_indicators()
    ]
    return _json(result)


def indicator_view(request, code):
    indicator = indicators.get(code)
    if indicator is None:
        return _json({"detail": f"Indicateur inconnu : {code}."}, 404)
    filters = _filters(request)
    result = indicator.compute(filters)
    if result is None:
        return _json(NO_DATA, 503)
    return _json(
        {
            **result.as_dict(),
            "definition": indicator.definition,
            "version": indicator.version,
            "filters": filters.as_dict(),
            "warnings": [*filters.errors, *filters.notices],
        }
    )


def contracts_view(request):
    filters = _filters(request)
    size = _int(request.GET.get("taille", 50), 50, 1, MAX_PAGE_SIZE)
    number = _int(request.GET.get("page", 1), 1, 1, 10**9)
    listing = contracts.page(filters, text=request.GET.get("q", "")[:200], number=number, size=size)
    if listing is None:
        return _json(NO_DATA, 503)
    return _json(
        {
            "count": listing["total"],
            "page": listing["number"],
            "pages": listing["pages"],
            "size": listing["size"],
            "filters": filters.as_dict(),
            "warnings": [*filters.errors, *filters.notices],
            "results": listing["rows"],
        }
    )


def contract_view(request, uid):
    if not store_query.is_loaded():
        return _json(NO_DATA, 503)
    contract = contracts.detail(uid)
    if contract is None:
        return _json({"detail": "Contrat introuvable."}, 404)
    return _json(contract)


def buyer_view(request, siret):
    if not store_query.is_loaded():
        return _json(NO_DATA, 503)
    identity = contracts.buyer(siret)
    if identity is None:
        return _json({"detail": "Aucun contrat pour cet acheteur."}, 404)
    filters = _filters(request).with_(buyer=siret, region="", departement="")
    return _json({**identity, "indicators": summary.compute(filters)})


def openapi_view(request):
    return _json(json.loads(OPENAPI_FILE.read_text(encoding="utf-8")))
