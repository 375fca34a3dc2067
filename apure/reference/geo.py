"""Where a commune is, and how far apart two communes are.

Positions come from `data/cog/centres_communes.csv` (see data/cog/PROVENANCE_centres.md): the
area centroid of every current commune of métropole and the DROM that has IGN contours
(34,868 of 34,875). A commune missing from it (a few communes restored since the contours were
drawn, the COM) has no position; callers say so rather than guess a distance.

The table is read on first use only and kept in flat arrays (no Python object per commune), so
a process that never asks for a distance pays nothing, and one that does holds about 1 MB.
"""

import bisect
import csv
import math
from array import array
from functools import lru_cache
from typing import NamedTuple

from . import files

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180
CODE_LENGTH = 5


class Point(NamedTuple):
    latitude: float
    longitude: float


class _Codes:
    """The sorted INSEE codes packed in one string, seen as a sequence (for bisect)."""

    def __init__(self, packed: str):
        self.packed = packed

    def __len__(self) -> int:
        return len(self.packed) // CODE_LENGTH

    def __getitem__(self, index: int) -> str:
        return self.packed[index * CODE_LENGTH : (index + 1) * CODE_LENGTH]


class _Table(NamedTuple):
    codes: _Codes  # sorted by code
    latitudes: array  # same order as codes
    longitudes: array
    by_latitude: array  # positions sorted by latitude, for a band search
    sorted_latitudes: array


@lru_cache(maxsize=1)
def _table() -> _Table:
    codes, latitudes, longitudes = [], array("d"), array("d")
    with open(files.COMMUNE_CENTRES, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        if next(reader) != ["code", "latitude", "longitude"]:
            raise ValueError(f"{files.COMMUNE_CENTRES}: unexpected header")
        for code, latitude, longitude in reader:
            codes.append(code)
            latitudes.append(float(latitude))
            longitudes.append(float(longitude))
    if codes != sorted(codes):  # bisect on codes needs the file's order (the build sorts it)
        raise ValueError(f"{files.COMMUNE_CENTRES}: codes not sorted")
    order = sorted(range(len(codes)), key=latitudes.__getitem__)
    return _Table(
        codes=_Codes("".join(codes)),
        latitudes=latitudes,
        longitudes=longitudes,
        by_latitude=array("I", order),
        sorted_latitudes=array("d", (latitudes[i] for i in order)),
    )


def _position(commune_code: str) -> int | None:
    codes = _table().codes
    index = bisect.bisect_left(codes, commune_code)
    if index < len(codes) and codes[index] == commune_code:
        return index
    return None


def centre(commune_code: str) -> Point | None:
    """A commune's centre, or None when its position is unknown."""
    if len(commune_code) != CODE_LENGTH:
        return None
    index = _position(commune_code)
    if index is None:
        return None
    table = _table()
    return Point(table.latitudes[index], table.longitudes[index])


def centres() -> dict[str, Point]:
    """Every known commune centre, by INSEE code (builds ~35,000 objects: prefer `centre`,
    `distance_km` and `communes_within`, which read the compact table)."""
    table = _table()
    return {
        table.codes[i]: Point(table.latitudes[i], table.longitudes[i])
        for i in range(len(table.codes))
    }


def count() -> int:
    """How many communes have a known centre."""
    return len(_table().codes)


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
    table = _table()
    # Only the band of latitudes the radius can reach is measured (a few hundred communes for
    # 30 km, not 35,000).
    band = radius_km / KM_PER_DEGREE_LATITUDE
    start = bisect.bisect_left(table.sorted_latitudes, origin.latitude - band)
    stop = bisect.bisect_right(table.sorted_latitudes, origin.latitude + band)
    # Same for longitudes, widened at the band's edge nearest the pole (shorter degrees there).
    widest = math.cos(math.radians(min(abs(origin.latitude) + band, 89.0)))
    lon_band = band / widest
    lowest, highest = origin.longitude - lon_band, origin.longitude + lon_band
    found = {}
    for index in table.by_latitude[start:stop]:
        if not lowest <= table.longitudes[index] <= highest:
            continue
        point = Point(table.latitudes[index], table.longitudes[index])
        distance = haversine_km(origin, point)
        if distance <= radius_km:
            found[table.codes[index]] = distance
    return found
