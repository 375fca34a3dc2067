"""The map of a search's results: the observatory's département outlines (same file, same SVG
frame: apure.observatory.charts), zoomed on the results, one dot per commune sized by the
number of structures there, the commune of the search and its radius.

The page must stay light whatever the search: beyond MAX_COMMUNE_DOTS communes (a national or
regional search) the dots are grouped by département, one per département with its count; a
wide view draws the outlines with fewer decimals (what a screen cannot show is not sent); and
a view of metropolitan France leaves out the structures of the DROM, which the outline file
does not draw (they stay in the list, and the caption counts them).

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
from apure.reference.models import Commune, Departement

from .communes import departement_of
from .kinds import SIAE, Kind

X_PER_DEGREE, WEST_LONGITUDE = 41.63, -5.1436
Y_PER_MERCATOR_DEGREE, Y_OF_EQUATOR = 41.425, 2469.49
MARGIN = 1.25  # room around the search radius or the dots
MIN_HALF_WIDTH = 12.0  # drawing units (about 20 km): a single commune still shows its area
# Beyond this many communes, one dot per département: ≤ 101 dots, a few kB, whatever the search.
MAX_COMMUNE_DOTS = 150
# Outlines are sent with the decimals a view needs for an error under about one pixel of a map
# drawn PIXELS_WIDE wide (the file has two decimals: enough for a close view).
PIXELS_WIDE = 800
# Metropolitan France in drawing units: the outline file's frame (its viewBox), with a margin
# for Corsica's and the coasts' communes.
METROPOLE = (-10.0, 623.0, -10.0, 595.0)  # left, right, top, bottom
COLOURS = {"SIAE": "#1d6b45", "ESAT": "#2a5599", "other": "#8a4b08"}


@cache
def _outlines():
    """Each département with its extent (left, right, top, bottom) in drawing units."""
    return [
        (location, _extent(location["path"])) for location in charts.map_geometry()["locations"]
    ]


_RELATIVE_ONLY = re.compile(r"[^mlz0-9.,e\s-]")


def _walk(path: str):
    """The absolute points of an outline drawn with relative moves and lines only (`m`, `l`,
    `z`), as in the observatory's file: ("m", x, y) opens a subpath, ("l", x, y) draws to a
    point, ("z", x, y) closes back to the subpath's start."""
    x, y, start = 0.0, 0.0, (0.0, 0.0)
    for command, numbers in re.findall(r"([mlz])([^mlz]*)", path):
        if command == "z":
            x, y = start
            yield "z", x, y
            continue
        values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", numbers)]
        for index, (dx, dy) in enumerate(zip(values[0::2], values[1::2], strict=False)):
            x, y = x + dx, y + dy
            opening = command == "m" and index == 0
            if opening:
                start = (x, y)
            yield ("m" if opening else "l"), x, y


def _extent(path: str):
    """Extent of an outline; an absolute command makes it unknown (always drawn)."""
    if _RELATIVE_ONLY.search(path):
        return -math.inf, math.inf, -math.inf, math.inf
    points = [(x, y) for command, x, y in _walk(path) if command != "z"]
    xs, ys = [x for x, _ in points], [y for _, y in points]
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
class Dot:
    key: str  # commune code, or département code when grouped
    counts: Counter  # structures by group of kinds
    point: tuple[float, float]  # drawing units
    communes: int = 1  # communes the dot stands for

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class SupplierMap:
    svg: str
    located: int  # structures drawn
    unlocated: int  # structures of the results without a known position
    off_map: int = 0  # structures of the DROM left out of a view of metropolitan France
    by_departement: bool = False  # dots grouped by département (too many communes)
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
    dots = [Dot(code, counts, project(geo.centre(code))) for code, counts in by_commune.items()]
    dots, off_map = _in_view(dots, origin, radius_km)
    by_departement = len(dots) > MAX_COMMUNE_DOTS
    if by_departement:
        dots = _by_departement(dots)
    dots.sort(key=lambda dot: -dot.total)  # small dots drawn last, on top of the big ones
    box = _box([dot.point for dot in dots], origin, radius_km)
    return SupplierMap(
        svg=_draw(box, dots, origin, radius_km, by_departement),
        located=sum(dot.total for dot in dots),
        unlocated=unlocated,
        off_map=off_map,
        by_departement=by_departement,
    )


def _in_metropole(point) -> bool:
    left, right, top, bottom = METROPOLE
    return left <= point[0] <= right and top <= point[1] <= bottom


def _in_view(dots, origin, radius_km):
    """(dots drawn, structures left out). A view framed on the results shows metropolitan France
    when it has any: a Réunion or Guyane dot would shrink the métropole to a corner."""
    if origin is not None and radius_km:
        return dots, 0
    inside = [dot for dot in dots if _in_metropole(dot.point)]
    if not inside or (origin is not None and not _in_metropole(project(origin))):
        return dots, 0
    return inside, sum(dot.total for dot in dots) - sum(dot.total for dot in inside)


def _by_departement(dots):
    """One dot per département, at the mean position of its structures."""
    grouped: dict[str, list[Dot]] = {}
    for dot in dots:
        grouped.setdefault(departement_of(dot.key, ""), []).append(dot)
    result = []
    for code, members in grouped.items():
        total = sum(dot.total for dot in members)
        x = sum(dot.point[0] * dot.total for dot in members) / total
        y = sum(dot.point[1] * dot.total for dot in members) / total
        counts = sum((dot.counts for dot in members), Counter())
        result.append(Dot(code, counts, (x, y), communes=len(members)))
    return result


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


def decimals_for(width: float) -> int:
    """Decimals of the outlines for a view `width` units wide: rounding moves a point by at
    most half a unit of the last decimal, kept under about one pixel of the drawn map."""
    return min(2, max(0, math.ceil(math.log10(PIXELS_WIDE / 2 / width))))


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@cache
def rounded_path(path: str, decimals: int) -> str:
    """An outline with its points rounded: the absolute positions are rounded (errors never add
    up along the path), written again as relative moves, and the points that rounding merged
    are dropped."""
    if _RELATIVE_ONLY.search(path):
        return path
    parts = []
    current = opened = (0.0, 0.0)  # last point written, start of the subpath (both rounded)
    for command, x, y in _walk(path):
        if command == "z":
            parts.append("z")
            current = opened
            continue
        point = (round(x, decimals), round(y, decimals))
        if command == "l" and point == current:
            continue
        delta = f"{_number(point[0] - current[0], decimals)},"
        delta += _number(point[1] - current[1], decimals)
        parts.append(f"m{delta}" if command == "m" else f" {delta}")
        if command == "m":
            opened = point
        current = point
    return "".join(parts)


def _draw(box, dots, origin, radius_km, by_departement) -> str:
    x, y, width, height = box
    names = _names(dots, by_departement)
    unit = width / 100  # sizes relative to the view, so that any zoom reads the same
    decimals = decimals_for(width)
    # Only the départements the view reaches: the page stays light (the whole outline file
    # weighs 115 kB, about 45 kB rounded for a national view).
    # Shared attributes are set once on a group, not on each of ~100 shapes.
    outlines = "".join(
        f'<path d="{rounded_path(location["path"], decimals)}">'
        f"<title>{escape(location['name'])}</title></path>"
        for location, (left, right, top, bottom) in _outlines()
        if left <= x + width and right >= x and top <= y + height and bottom >= y
    )
    parts = [f'<g fill="#f4f6f5" stroke="#9aa59f" stroke-width="{unit * 0.4:.3f}">{outlines}</g>']
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
    largest = max((dot.total for dot in dots), default=1)
    circles = []
    for dot in dots:
        colour = COLOURS[dot.counts.most_common(1)[0][0]]
        if by_departement:
            # Scaled on the largest: départements are large, but a few hold most structures.
            radius = unit * (1.0 + 2.2 * math.sqrt(dot.total / largest))
        else:
            radius = unit * (0.9 + 0.6 * math.sqrt(dot.total))
        circles.append(
            f'<circle cx="{dot.point[0]:.2f}" cy="{dot.point[1]:.2f}" r="{radius:.2f}" '
            f'fill="{colour}"><title>{escape(_label(dot, names))}</title></circle>'
        )
    parts.append(
        f'<g fill-opacity="0.8" stroke="#ffffff" stroke-width="{unit * 0.2:.3f}">'
        f"{''.join(circles)}</g>"
    )
    total = sum(dot.total for dot in dots)
    where = (
        f"regroupées par département ({len(dots)} départements)"
        if by_departement
        else f"placées au centre de leur commune ({len(dots)} communes)"
    )
    desc = f"{total} structures {where}. La liste à côté de la carte donne le détail."
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


def _names(dots, by_departement) -> dict[str, str]:
    model = Departement if by_departement else Commune
    keys = [dot.key for dot in dots]
    return dict(model.objects.filter(code__in=keys).values_list("code", "name"))


def _label(dot, names) -> str:
    structures = f"{dot.total} structure{'s' if dot.total > 1 else ''}"
    name = names.get(dot.key, dot.key)
    if dot.communes > 1 or len(dot.key) < 5:
        communes = f"{dot.communes} commune{'s' if dot.communes > 1 else ''}"
        return f"{name} ({dot.key})\u00a0: {structures} dans {communes}"
    return f"{name}\u00a0: {structures}"
