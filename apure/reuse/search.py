"""Finding lots: by category, words, distance from a commune and availability dates. The same
criteria serve the search page, saved searches and requests (« recherché »)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, FloatField, Q, Value, When

from apure.reference import geo
from apure.search.text import normalise

from .models import Lot


@dataclass(frozen=True)
class Criteria:
    category: str = ""
    words: str = ""
    commune_code: str = ""
    radius_km: int | None = None
    available_on: date | None = None  # the day the taker wants to collect

    @classmethod
    def of(cls, saved):
        """The criteria of a saved search or a request."""
        return cls(
            category=saved.category,
            words=saved.words,
            commune_code=saved.commune_id or "",
            radius_km=saved.radius_km,
        )

    @property
    def uses_distance(self):
        return bool(self.commune_code and self.radius_km)


def apply(criteria: Criteria, lots=None):
    """Published lots matching the criteria. With a distance, only lots whose commune position
    is known can match (see apure.reference.geo)."""
    lots = Lot.objects.published() if lots is None else lots
    if criteria.category:
        lots = lots.filter(category=criteria.category)
    for stem in normalise(criteria.words):
        lots = lots.filter(search_document__contains=f" {stem}")
    if criteria.available_on:
        lots = lots.filter(available_from__lte=criteria.available_on).filter(
            Q(available_until__isnull=True) | Q(available_until__gte=criteria.available_on)
        )
    if criteria.uses_distance:
        nearby = geo.communes_within(criteria.commune_code, criteria.radius_km) or {}
        lots = lots.filter(commune_id__in=list(nearby))
    return lots


def ordered(lots, criteria: Criteria):
    """Nearest first when searching around a commune (then the latest published), else the
    latest published first."""
    if not criteria.uses_distance:
        return lots.order_by("-published_at", "-pk")
    nearby = geo.communes_within(criteria.commune_code, criteria.radius_km) or {}
    # Only the communes of the matching lots get a rank: a few, not the radius' hundreds.
    present = set(lots.order_by().values_list("commune_id", flat=True).distinct())
    distance = Case(
        *(When(commune_id=code, then=Value(nearby[code])) for code in present if code in nearby),
        output_field=FloatField(),
    )
    return lots.annotate(distance_rank=distance).order_by("distance_rank", "-published_at", "-pk")


def with_distances(lots, commune_code):
    """Attach `distance_km` (or None when unknown) to each lot of a list, for display."""
    lots = list(lots)
    for lot in lots:
        lot.distance_km = geo.distance_km(commune_code, lot.commune_id) if commune_code else None
    return lots


def home_commune_code(organisation) -> str:
    """Where a member body searches from by default: its commune when it is one, else the
    commune of its latest lot; empty when neither is known."""
    if organisation is None:
        return ""
    code = organisation.territory_code
    if len(code) == 5 and geo.centre(code) is not None:
        return code
    latest = (
        Lot.objects.of(organisation).order_by("-created_at").values_list("commune_id", flat=True)
    )
    return latest.first() or ""
