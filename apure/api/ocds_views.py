"""OCDS views of the open API: a contract's release, the release package of a filtered list,
and the files of apure's OCDS extension (the mapping lives in apure.observatory.ocds)."""

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse

from apure.observatory import ocds, store_query

from .views import NO_DATA, _filters, _json, read_only

# One answer holds at most this many releases; the bulk command has no such limit.
MAX_RELEASES = 100_000
EMPTY = (
    "Aucun contrat pour ces filtres\u00a0: un paquet OCDS contient au moins une publication. "
    "Élargissez les filtres."
)
CONTENT_TYPES = {"extension.json": "application/json", "release-schema.json": "application/json",
                 "README.md": "text/markdown; charset=utf-8"}  # fmt: skip


def _site(request):
    return request.build_absolute_uri("/").rstrip("/")


@read_only
def package_view(request):
    """The release package of the contract list with the same filters, words and sort."""
    if not store_query.is_loaded():
        return _json(NO_DATA, 503)
    filters = _filters(request)
    text = request.GET.get("q", "")[:200]
    total = ocds.count(filters, text)
    if total == 0:
        # The standard's package holds at least one release: an empty one would not validate.
        return _json({"detail": EMPTY}, 404)
    if total > MAX_RELEASES:
        return _json(
            {
                "detail": f"Trop de contrats pour un seul paquet OCDS\u00a0: {total} pour une "
                f"limite de {MAX_RELEASES}. Affinez les filtres (année, territoire, acheteur…) ou "
                "utilisez la commande « apure ocds_export » pour un export complet."
            },
            400,
        )
    metadata = ocds.package_metadata(request.build_absolute_uri(), _site(request))
    releases = ocds.package_releases(
        filters, text, request.GET.get("tri", ""), request.GET.get("sens", ""),
        published=metadata["publishedDate"],
    )  # fmt: skip
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in ocds.stream_package(metadata, releases)),
        content_type="application/json",
    )
    response["X-Total-Count"] = str(total)
    return response


@read_only
def release_view(request, uid):
    """A contract's release, in a release package (where publisher and licence are said)."""
    if not store_query.is_loaded():
        return _json(NO_DATA, 503)
    item = ocds.single(uid)
    if item is None:
        return _json({"detail": "Contrat introuvable."}, 404)
    metadata = ocds.package_metadata(request.build_absolute_uri(), _site(request))
    return _json({**metadata, "releases": [item]})


@read_only
def extension_view(request, name):
    text = ocds.extension_file(name, _site(request), settings.CONTACT_EMAIL)
    if text is None:
        return _json({"detail": f"Fichier inconnu de l'extension\u00a0: {name}."}, 404)
    return HttpResponse(text.encode(), content_type=CONTENT_TYPES[name])
