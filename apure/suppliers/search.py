"""Finding suppliers: by kind, words (name, activities, commune, territory), département,
purchase segment or CPV code (apure.suppliers.activities), and distance from a commune
(commune centres of apure.reference.geo, which measures only the band of latitudes the radius
reaches): the communes within the radius are found once per search, then one filtered query."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from apure.reference import geo
from apure.search.text import normalise

from . import activities
from .kinds import SIAE, Kind
from .models import Supplier

ANY_SIAE = "SIAE"  # the search choice « every kind of SIAE »
DEFAULT_RADIUS_KM = 30


@dataclass(frozen=True)
class Criteria:
    kind: str = ""
    words: str = ""
    departement: str = ""
    commune_code: str = ""
    radius_km: int | None = None
    activity: activities.Activity | None = None
    # With an activity: also list the suppliers whose activity is unknown.
    with_unknown: bool = False

    @property
    def uses_distance(self):
        return bool(self.commune_code and self.radius_km)


@dataclass
class Search:
    """One search, its distances computed once for the list, the counts and the map."""

    criteria: Criteria
    distances: dict[str, float] | None = field(default=None, init=False)
    origin_unknown: bool = field(default=False, init=False)

    def __post_init__(self):
        if self.criteria.uses_distance:
            self.distances = geo.communes_within(
                self.criteria.commune_code, self.criteria.radius_km
            )
            self.origin_unknown = self.distances is None

    def base(self):
        """Every criterion but the activity."""
        criteria, suppliers = self.criteria, Supplier.objects.all()
        if criteria.kind == ANY_SIAE:
            suppliers = suppliers.filter(of_any_kind(SIAE))
        elif criteria.kind:
            suppliers = suppliers.of_kind(criteria.kind)
        for stem in normalise(criteria.words):
            suppliers = suppliers.filter(search_document__contains=f" {stem}")
        if criteria.departement:
            suppliers = suppliers.filter(departement=criteria.departement)
        if criteria.uses_distance:
            suppliers = suppliers.filter(commune_code__in=list(self.distances or {}))
        elif criteria.commune_code:
            suppliers = suppliers.filter(commune_code=criteria.commune_code)
        return suppliers

    def results(self):
        suppliers = self.base()
        activity = self.criteria.activity
        if activity is not None:
            wanted = activities.matching(activity)
            if self.criteria.with_unknown:
                wanted |= activities.unknown(activity)
            suppliers = suppliers.filter(wanted)
        return suppliers

    def activity_counts(self) -> dict | None:
        """How many suppliers of the base do the work, and how many have an unknown activity."""
        activity = self.criteria.activity
        if activity is None:
            return None
        return self.base().aggregate(
            matching=Count("pk", filter=activities.matching(activity)),
            unknown=Count("pk", filter=activities.unknown(activity)),
        )

    def with_distances(self, suppliers):
        """Attach `distance_km` (None when unknown) and `activity_unknown` to each supplier."""
        suppliers = list(suppliers)
        for supplier in suppliers:
            supplier.distance_km = self.distance_of(supplier.commune_code)
            supplier.activity_unknown = activities.is_unknown(supplier.naf)
        return suppliers

    def distance_of(self, commune_code):
        if not (self.criteria.commune_code and commune_code):
            return None
        if self.distances is not None and commune_code in self.distances:
            return self.distances[commune_code]
        return geo.distance_km(self.criteria.commune_code, commune_code)


def of_any_kind(kinds) -> Q:
    condition = Q(pk__in=[])
    for kind in sorted(kinds):
        condition |= Q(kinds__contains=f",{kind},")
    return condition


def apply(criteria: Criteria):
    return Search(criteria).results()


# Groups of kinds named in the recommender's sentence, in its order.
KIND_GROUPS = (
    ("SIAE", "SIAE", SIAE),
    ("ESAT", "ESAT", {Kind.ESAT}),
    ("EA", "entreprises adaptées", {Kind.EA}),
    ("GEIQ", "GEIQ", {Kind.GEIQ}),
    ("ESS", "autres entreprises de l'ESS", {Kind.ESS}),
)


def count_by_group(suppliers) -> list[dict]:
    """Per group of kinds, the number of suppliers (a supplier holding several kinds of one
    group counts once), in one query."""
    counts = suppliers.aggregate(
        **{key: Count("pk", filter=of_any_kind(kinds)) for key, _, kinds in KIND_GROUPS}
    )
    return [
        {"key": key, "label": label, "count": counts[key]}
        for key, label, _ in KIND_GROUPS
        if counts[key]
    ]
