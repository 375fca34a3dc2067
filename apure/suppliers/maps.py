"""The map of a search's results: the observatory's département outlines (same file, same SVG
frame: apure.observatory.charts), zoomed on the results, one dot per commune sized by the
number of structures there, the commune of the search and its radius.

The outline file is drawn in a Mercator projection; the constants below place a latitude and
longitude on it. They were fitted on the map's extreme points and département extents (Nord,
Finistère, Pyrénées-Orientales, Alpes-Maritimes, Bas-Rhin, Corse): residuals under one unit of
the drawing, about 2 km, well below the precision of a commune centre for this purpose."""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape

from apure.observatory import charts
from apure.reference import geo
from apure.reference.models import Commune

from .kinds import SIAE, Kind

X_PER_DEGREE, WEST_LONGITUDE = 41.63, -5.1436
Y_PER_MERCATOR_DEGREE, Y_OF_EQUATOR = 41.425, 2469.49
MARGIN = 1.25  # room around the search radius or the dots
MIN_HALF_WIDTH = 12.0  # drawing units (about 20 km): a single commune still shows its area
MAX_DOTS = 2000  # communes drawn; beyond, the list and the counts carry the information
COLOURS = {"SIAE": "#1d6b45", "ESAT": "#2a5599", "other": "#8a4b08"}


@cache
def _outlines():
    """Each département with its extent (left, right, top, bottom) in drawing units."""
    return [
        (location, _extent(location["path"])) for location in charts.map_geometry()["locations"]
    ]


def _extent(path: str):
    """Extent of an outline drawn with relative moves and lines only (`m`, `l`, `z`), as in
    the observatory's file; an absolute command makes the extent unknown (always drawn)."""
    if re.search(r"[^mlz0-9.,e\s-]", path):
        return -math.inf, math.inf, -math.inf, math.inf
    xs, ys, x, y, start = [], [], 0.0, 0.0, None
    for command, numbers in re.findall(r"([mlz])([^mlz]*)", path):
        if command == "z":
            x, y = start or (x, y)
            continue
        values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", numbers)]
        for index, (dx, dy) in enumerate(zip(values[0::2], values[1::2], strict=False)):
            x, y = x + dx, y + dy
            if command == "m" and index == 0:
                start = (x, y)
            xs.append(x)
            ys.append(y)
    return min(xs), max(xs), min(ys), max(ys)


def project(point: geo.Point) -> tuple[float, float]:
    x = X_PER_DEGREE * (point.longitude - WEST_LONGITUDE)
    mercator = math.degrees(math.log(math.tan(math.pi / 4 + math.radians(point.latitude) / 2)))
    return x, Y_OF_EQUATOR - Y_PER_MERCATOR_DEGREE * mercator


def _group(kinds: str) -> str:
    codes = set(kinds.strip(",").split(","))
    if codes & SIAE:
        return "SIAE"
    if Kind.ESAT in codes:
        return "ESAT"
    return "other"


@dataclass(frozen=True)
class SupplierMap:
    svg: str
    located: int  # structures drawn
    unlocated: int  # structures of the results without a known position
    legend: tuple = (
        ("SIAE", "structures d'insertion (SIAE)", COLOURS["SIAE"]),
        ("ESAT", "ESAT", COLOURS["ESAT"]),
        ("other", "autres (GEIQ, EA, ESS)", COLOURS["other"]),
    )


def supplier_map(suppliers, origin_code: str = "", radius_km: float | None = None):
    """The map of a queryset of suppliers (one query), or None when nothing can be placed."""
    by_commune: dict[str, Counter] = {}
    unlocated = 0
    for commune_code, kinds in suppliers.order_by().values_list("commune_code", "kinds"):
        if commune_code and geo.centre(commune_code) is not None:
            by_commune.setdefault(commune_code, Counter())[_group(kinds)] += 1
        else:
            unlocated += 1
    origin = geo.centre(origin_code) if origin_code else None
    if not by_commune and origin is None:
        return None
    dots = sorted(by_commune.items(), key=lambda item: -sum(item[1].values()))[:MAX_DOTS]
    points = [project(geo.centre(code)) for code, _ in dots]
    box = _box(points, origin, radius_km)
    return SupplierMap(
        svg=_draw(box, dots, points, origin, radius_km),
        located=sum(sum(counts.values()) for _, counts in dots),
        unlocated=unlocated,
    )


def _box(points, origin, radius_km):
    """(x, y, width, height) of the view: the search radius, else the dots' extent."""
    if origin is not None and radius_km:
        cx, cy = project(origin)
        half = max(_units(radius_km, origin.latitude) * MARGIN, MIN_HALF_WIDTH)
        return cx - half, cy - half, 2 * half, 2 * half
    xs = [x for x, _ in points] + ([project(origin)[0]] if origin else [])
    ys = [y for _, y in points] + ([project(origin)[1]] if origin else [])
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max((max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2) * MARGIN
    half = max(half, MIN_HALF_WIDTH)
    return cx - half, cy - half, 2 * half, 2 * half


def _units(km: float, latitude: float) -> float:
    """Drawing units of a distance at a latitude (the Mercator scale grows with latitude)."""
    degrees_of_longitude = km / (111.32 * math.cos(math.radians(latitude)))
    return degrees_of_longitude * X_PER_DEGREE


def _draw(box, dots, points, origin, radius_km) -> str:
    x, y, width, height = box
    names = dict(Commune.objects.filter(code__in=[c for c, _ in dots]).values_list("code", "name"))
    unit = width / 100  # sizes relative to the view, so that any zoom reads the same
    # Only the départements the view reaches: the page stays light (the whole outline file
    # weighs 150 kB).
    parts = [
        f'<path d="{location["path"]}" fill="#f4f6f5" stroke="#9aa59f" '
        f'stroke-width="{unit * 0.4:.3f}"><title>{escape(location["name"])}</title></path>'
        for location, (left, right, top, bottom) in _outlines()
        if left <= x + width and right >= x and top <= y + height and bottom >= y
    ]
    if origin is not None:
        ox, oy = project(origin)
        if radius_km:
            parts.append(
                f'<circle cx="{ox:.2f}" cy="{oy:.2f}" r="{_units(radius_km, origin.latitude):.2f}" '
                f'fill="none" stroke="#1f2a24" stroke-dasharray="{unit:.2f} {unit:.2f}" '
                f'stroke-width="{unit * 0.3:.3f}"/>'
            )
        size = unit * 1.8
        parts.append(
            f'<path d="M{ox - size:.2f} {oy:.2f}H{ox + size:.2f}M{ox:.2f} {oy - size:.2f}'
            f'V{oy + size:.2f}" stroke="#1f2a24" stroke-width="{unit * 0.6:.3f}">'
            "<title>Commune de la recherche</title></path>"
        )
    for (code, counts), (px, py) in zip(dots, points, strict=True):
        total = sum(counts.values())
        colour = COLOURS[counts.most_common(1)[0][0]]
        radius = unit * (0.9 + 0.6 * math.sqrt(total))
        label = f"{names.get(code, code)} : {total} structure{'s' if total > 1 else ''}"
        parts.append(
            f'<circle cx="{px:.2f}" cy="{py:.2f}" r="{radius:.2f}" fill="{colour}" '
            f'fill-opacity="0.8" stroke="#ffffff" stroke-width="{unit * 0.2:.3f}">'
            f"<title>{escape(label)}</title></circle>"
        )
    desc = (
        f"{sum(sum(c.values()) for _, c in dots)} structures placées au centre de leur commune "
        f"({len(dots)} communes). La liste à côté de la carte donne le détail."
    )
    return charts.svg_frame(
        f"{width:.2f}",
        f"{height:.2f}",
        "Carte des structures trouvées",
        desc,
        "".join(parts),
        "chart map supplier-map",
        x=f"{x:.2f}",
        y=f"{y:.2f}",
    )
