"""Finding suppliers: by kind, words (name, activities, commune, territory), département, and
distance from a commune (commune centres of apure.reference.geo)."""

from dataclasses import dataclass

from apure.reference import geo
from apure.search.text import normalise

from .kinds import SIAE
from .models import Supplier

ANY_SIAE = "SIAE"  # the search choice « every kind of SIAE »


@dataclass(frozen=True)
class Criteria:
    kind: str = ""
    words: str = ""
    departement: str = ""
    commune_code: str = ""
    radius_km: int | None = None

    @property
    def uses_distance(self):
        return bool(self.commune_code and self.radius_km)


def apply(criteria: Criteria, suppliers=None):
    suppliers = Supplier.objects.all() if suppliers is None else suppliers
    if criteria.kind == ANY_SIAE:
        condition = None
        for kind in sorted(SIAE):
            one = suppliers.of_kind(kind)
            condition = one if condition is None else condition | one
        suppliers = condition
    elif criteria.kind:
        suppliers = suppliers.of_kind(criteria.kind)
    for stem in normalise(criteria.words):
        suppliers = suppliers.filter(search_document__contains=f" {stem}")
    if criteria.departement:
        suppliers = suppliers.filter(departement=criteria.departement)
    if criteria.uses_distance:
        nearby = geo.communes_within(criteria.commune_code, criteria.radius_km) or {}
        suppliers = suppliers.filter(commune_code__in=list(nearby))
    elif criteria.commune_code:
        suppliers = suppliers.filter(commune_code=criteria.commune_code)
    return suppliers


def with_distances(suppliers, commune_code):
    """Attach `distance_km` (None when unknown) to each supplier of a page, for display."""
    suppliers = list(suppliers)
    for supplier in suppliers:
        supplier.distance_km = (
            geo.distance_km(commune_code, supplier.commune_code)
            if commune_code and supplier.commune_code
            else None
        )
    return suppliers
