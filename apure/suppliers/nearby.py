"""« 12 SIAE et 3 ESAT à moins de 30 km exercent dans ce domaine ; 4 ont déjà remporté des
marchés publics réservés »: the recommender's evidence before reserving a lot (art. L2113-12
and L2113-13 CCP) or writing an insertion clause. Counts only; the link opens the list."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from . import activities, references
from .search import DEFAULT_RADIUS_KM, Criteria, Search, count_by_group


@dataclass(frozen=True)
class Nearby:
    activity_label: str
    commune_name: str
    radius_km: int
    located: bool  # False when the commune's position is unknown: no distance can be counted
    groups: tuple = ()  # ({"key", "label", "count"}, …) of suppliers that do the work
    matching: int = 0
    unknown: int = 0  # nearby suppliers whose activity is unknown
    reserved_winners: int | None = None  # None: no DECP store to tell
    list_url: str = ""
    unknown_url: str = ""

    @property
    def sentence(self) -> str:
        """The first half of the sentence: « 12 SIAE et 3 ESAT à moins de 30 km »."""
        parts = [f"{group['count']} {group['label']}" for group in self.groups]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
        return f"{joined} à moins de {self.radius_km} km de {self.commune_name}"

    @property
    def verb(self) -> str:
        return "exerce" if self.matching == 1 else "exercent"


def summary(segment, commune, radius_km: int = DEFAULT_RADIUS_KM) -> Nearby:
    """The block for a project's segment (clause library) and commune (reference table)."""
    activity = activities.for_segment(segment)
    search = Search(Criteria(commune_code=commune.code, radius_km=radius_km, activity=activity))
    common = {
        "activity_label": segment.label,
        "commune_name": commune.name,
        "radius_km": radius_km,
    }
    if search.origin_unknown:
        return Nearby(located=False, **common)
    query = {"segment": segment.code, "commune": commune.code, "radius_km": radius_km}
    list_url = f"{reverse('suppliers:directory')}?{urlencode(query)}"
    counts = search.activity_counts()
    found = search.results()
    groups = tuple(count_by_group(found))
    winners = None
    if counts["matching"]:
        sirens = list(found.order_by().values_list("siren", flat=True))
        by_siren = references.counts_by_siren(sirens)
        if by_siren is not None:
            # Counted per supplier: two establishments of one winning company both count.
            winners = sum(1 for siren in sirens if by_siren.get(siren, {}).get("reserved"))
    elif references.store_query.is_loaded():
        winners = 0
    return Nearby(
        located=True,
        groups=groups,
        matching=counts["matching"],
        unknown=counts["unknown"],
        reserved_winners=winners,
        list_url=list_url,
        unknown_url=f"{list_url}&{urlencode({'with_unknown': 'on'})}",
        **common,
    )
