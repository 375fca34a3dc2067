"""Where a commune is, and how far apart two communes are.

Positions come from `data/cog/centres_communes.csv` (see data/PROVENANCE.md): a short list of
approximate town centres, not yet every commune. A commune missing from it has no position;
callers say so rather than guess a distance.
"""

import csv
import math
from functools import lru_cache
from typing import NamedTuple

from . import files

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


class Point(NamedTuple):
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def centres() -> dict[str, Point]:
    """Every known commune centre, by INSEE code (read once per process)."""
    with open(files.COMMUNE_CENTRES, newline="", encoding="utf-8") as handle:
        return {
            row["code"]: Point(float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def centre(commune_code: str) -> Point | None:
    return centres().get(commune_code)


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distance_km(code_a: str, code_b: str) -> float | None:
    """Distance between two communes' centres, or None when either position is unknown."""
    a, b = centre(code_a), centre(code_b)
    if a is None or b is None:
        return None
    return haversine_km(a, b)


def communes_within(code: str, radius_km: float) -> dict[str, float] | None:
    """The known communes within `radius_km` of a commune, with their distance; None when the
    commune's own position is unknown."""
    origin = centre(code)
    if origin is None:
        return None
    found = {}
    for other, point in centres().items():
        distance = haversine_km(origin, point)
        if distance <= radius_km:
            found[other] = distance
    return found
