"""Open JSON API of the observatory (described by openapi.json, served at /api/openapi.json).

Every answer under /api/ is JSON with a French `detail` on errors, including unknown paths and
wrong methods. The API only reads: its views never write, so they need no CSRF protection.
"""

import re
from functools import wraps
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.csrf import csrf_exempt

from apure.carbon import estimate as carbon_estimate
from apure.observatory import contracts, indicators, store_query, summary
from apure.observatory.filters import Filters
from apure.observatory.indicators.base import POPULATION
from apure.paging import bounded_int, page_number
from apure.www.pages.errors import server_error as site_server_error

from . import schema

MAX_PAGE_SIZE = 200
NO_DATA = {"detail": "Aucune donnée importée."}
SERVER_ERROR = {
    "detail": "Erreur inattendue du serveur\u00a0: elle est enregistrée. Réessayez plus "
    "tard\u00a0; si elle persiste, signalez-la à l'animation du réseau."
}
ALLOWED_METHODS = ("GET", "HEAD")


def _json(data, status=200):
    # allow_nan=False: NaN and infinities are not JSON (strict parsers reject the answer);
    # the pipeline never stores them, and if one slipped through this fails loudly.
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "allow_nan": False}
    )


def read_only(view):
    """A GET-only API view: other methods get a JSON 405 with an Allow header.

    CSRF-exempt because it never writes: without it, a POST would get the site's HTML
    « Formulaire expiré » page instead of the API's answer.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = _json(
                {
                    "detail": f"Méthode non autorisée\u00a0: {request.method}. "
                    "L'API est en lecture seule."
                },
                405,
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _filters(request):
    # The API covers all of France unless a région is asked for (unlike the web pages).
    return Filters.from_query(request.GET, default_region="")


def _with_query(url, items):
    query = urlencode(items)
    return f"{url}?{query}" if query else url


@read_only
def index_view(request):
    # Concatenated, not built by build_absolute_uri: it would escape the {braces} of templates.
    site = request.build_absolute_uri("/").rstrip("/")
    return _json(
        {
            "title": "API ouverte de l'observatoire apure",
            "description": "Lecture seule, réponses JSON, messages en français. Sans filtre de "
            "région, l'API couvre toute la France. Les adresses entre accolades sont des "
            "modèles\u00a0: remplacer {code}, {uid} ou {siret}.",
            "openapi": site + reverse("api:openapi"),
            "endpoints": [
                {"path": path, "summary": summary, "url": site + path}
                for path, summary in schema.endpoints()
            ],
        }
    )


@read_only
def indicators_view(request):
    filters = _filters(request)
    result = summary.compute(filters)
    if result is None:
        return _json(NO_DATA, 503)
    # Links keep the filters: following one gives the figures of the same view.
    filter_items = filters.query_items(explicit_region=False)
    result["warnings"] = [*filters.errors, *filters.notices]
    result["population"] = POPULATION
    # Never a bare number: the estimate comes with its bounds, coverage and euro years.
    result["carbon_tco2e"] = carbon_estimate.compute(filters).as_json()
    result["indicators"] = [
        {
            "code": indicator.code,
            "title": indicator.title,
            "version": indicator.version,
            "url": _with_query(
                request.build_absolute_uri(reverse("api:indicator", args=[indicator.code])),
                filter_items,
            ),
        }
        for indicator in indicators.all_indicators()
    ]
    return _json(result)


@read_only
def indicator_view(request, code):
    indicator = indicators.get(code)
    if indicator is None:
        return _json({"detail": f"Indicateur inconnu\u00a0: {code}."}, 404)
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


def _page_link(request, number, cursor=None):
    query = request.GET.copy()
    query.pop("curseur", None)
    query.pop("page", None)
    if cursor:
        query["curseur"] = cursor
    else:
        query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _step_link(request, number, cursor, pages):
    """The next or previous page: by cursor when there is one, else by number (beyond the
    last page, `previous` leads back to the last one, as before)."""
    if number < 1 or (number > pages and not cursor):
        return None
    if cursor and number > 1:
        return _page_link(request, number, cursor)
    return _page_link(request, number) if number <= pages else None


@read_only
def contracts_view(request):
    filters = _filters(request)
    size = bounded_int(request.GET.get("taille"), 50, 1, MAX_PAGE_SIZE)
    number = page_number(request.GET.get("page"))
    # Same sort and columns as the contract list page (`tri`, `sens`, `colonne`).
    listing = contracts.page(
        filters, text=request.GET.get("q", "")[:200], number=number, size=size, clamp=False,
        sort=request.GET.get("tri", ""), direction=request.GET.get("sens", ""),
        columns=request.GET.getlist("colonne"), cursor=request.GET.get("curseur", ""),
    )  # fmt: skip
    if listing is None:
        return _json(NO_DATA, 503)
    if listing["too_deep"]:
        return _json({"detail": f"Page trop profonde\u00a0: au-delà de {contracts.MAX_OFFSET} "
                      "contrats, la liste se parcourt en suivant « next » (curseur). Affinez "
                      "les filtres, ou téléchargez la liste (CSV, paquet OCDS)."}, 400)  # fmt: skip
    number, pages = listing["number"], listing["pages"]
    return _json(
        {
            "count": listing["total"],
            "page": number,
            "pages": pages,
            "size": listing["size"],
            # Links by cursor: following `next` costs the same at any depth.
            "next": _step_link(request, number + 1, listing["next_cursor"], pages),
            "previous": _step_link(
                request, min(number - 1, pages), listing["previous_cursor"], pages
            ),  # fmt: skip
            "filters": filters.as_dict(),
            "warnings": [*filters.errors, *filters.notices],
            "results": listing["rows"],
        }
    )


@read_only
def contract_view(request, uid):
    if not store_query.is_loaded():
        return _json(NO_DATA, 503)
    contract = contracts.detail(uid)
    if contract is None:
        return _json({"detail": "Contrat introuvable."}, 404)
    # Only the described fields: a column added to the store appears once it is described.
    fields = [*contracts.CONTRACT_FIELDS, "holders", "notes"]
    return _json({name: contract[name] for name in fields if name in contract})


@read_only
def buyer_view(request, siret):
    if not re.fullmatch(r"\d{14}", siret):
        return _json(
            {"detail": f"SIRET « {siret} » invalide\u00a0: un SIRET compte 14 chiffres."}, 400
        )
    if not store_query.is_loaded():
        return _json(NO_DATA, 503)
    identity = contracts.buyer(siret)
    if identity is None:
        return _json({"detail": "Aucun contrat pour cet acheteur."}, 404)
    filters = _filters(request).with_(buyer=siret, region="", departement="")
    return _json({**identity, "indicators": summary.compute(filters)})


@read_only
def openapi_view(request):
    return _json(schema.document())


@csrf_exempt
def not_found(request, rest=""):
    """Any other path under /api/, whatever the method: JSON 404 (a path that only lacks its
    final slash is redirected, as CommonMiddleware would have done)."""
    if request.method in ALLOWED_METHODS and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return redirect(request.path + "/" + (f"?{query}" if query else ""), permanent=True)
    return _json({"detail": f"Adresse inconnue dans l'API\u00a0: {request.path}."}, 404)


def server_error(request):
    """The project's handler500: under /api/ a JSON answer with a French `detail`, like every
    other API error; elsewhere the site's page. Django has already logged the exception."""
    if request.path.startswith(reverse("api:index")):
        return _json(SERVER_ERROR, 500)
    return site_server_error(request)
