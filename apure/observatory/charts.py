"""Server-rendered, accessible SVG charts (bars, lines, gauge, map of départements).

Each chart is an <svg role="img"> with a <title> and a <desc>; pages always put the data table
beside it. Values are shares between 0 and 1 unless said otherwise; None means "no data".
"""

import itertools
import json
import math
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAP_FILE = Path(__file__).resolve().parent / "data" / "france_departements.json"
INK = "#1f2a24"
SOFT = "#55615a"
GRID = "#d5ddd8"
SERIES_COLOURS = ["#1d6b45", "#8a4b08", "#2a5599"]
# Sequential scale for the map (light to dark green) and its bin edges.
SCALE = ["#e3f1e8", "#b5dcc3", "#7cbf96", "#3f9a66", "#1d6b45"]
NO_DATA = "#f2f2f2"
# Départements outside the filtered territory: a mid grey, distinct from « no data ».
OUTSIDE = "#b8bdba"
OUTSIDE_LABEL = "hors de la vue"
# Average advance of a sans-serif character, in ems, rounded up (accents and capitals): the SVG
# is drawn on the server, which cannot measure text.
AVERAGE_CHAR_WIDTH = 0.6
LABEL_MARGIN = 4
_ids = itertools.count(1)


def pct(value, digits=0):
    if value is None:
        return "n.d."
    return f"{100 * value:.{digits}f} %".replace(".", ",")


def _svg(width, height, title, desc, body, css_class="chart", x=0, y=0):
    uid = f"chart{next(_ids)}"
    return mark_safe(  # noqa: S308 (every text inside is escaped)
        f'<svg class="{css_class}" viewBox="{x} {y} {width} {height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def fit_label(label, width, font_size=12):
    """The label cut with an ellipsis so that it fits `width` pixels (conservative estimate)."""
    room = int(width / (font_size * AVERAGE_CHAR_WIDTH))
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def bars(title, items, desc="", width=640, target=None):
    """Horizontal bars; items are (label, share). An optional target draws a dashed line."""
    label_width, row_height, top = 250, 28, 10
    plot = width - label_width - 70
    height = top + row_height * max(len(items), 1) + 24
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_width + plot * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{height - 6}" font-size="11" fill="{SOFT}" '
            f'text-anchor="middle">{pct(tick)}</text>'
        )
    for index, (label, value) in enumerate(items):
        y = top + index * row_height
        # Anchored at the left edge and cut on the right: the start of a label, which says
        # what it is, is never lost; the full label is the text's tooltip.
        parts.append(
            f'<text x="{LABEL_MARGIN}" y="{y + 18}" font-size="12" fill="{INK}">'
            f"<title>{escape(label)}</title>"
            f"{escape(fit_label(label, label_width - 2 * LABEL_MARGIN))}</text>"
        )
        if value is not None:
            w = max(plot * min(value, 1), 1)
            parts.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{w:.1f}" height="{row_height - 10}" '
                f'fill="{SERIES_COLOURS[0]}"/>'
                f'<text x="{label_width + w + 6:.1f}" y="{y + 18}" font-size="12" '
                f'fill="{INK}">{pct(value, 1)}</text>'
            )
        else:
            parts.append(
                f'<text x="{label_width + 4}" y="{y + 18}" font-size="12" fill="{SOFT}">n.d.</text>'
            )
    if target is not None:
        x = label_width + plot * target
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 20}" stroke="#8a4b08" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    return _svg(width, height, title, desc or title, "".join(parts))


def lines(title, xs, series, desc="", width=640, height=260, empty="Aucune valeur à tracer."):
    """Line chart of shares over years; series is a list of (name, [share or None per x]).
    With no value at all, the plot area says so (`empty`) rather than staying blank."""
    left, right, top, bottom = 50, 20, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{SOFT}" '
            f'text-anchor="end">{pct(tick)}</text>'
        )

    def x_of(index):
        return left + (plot_w * index / (len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    for index, x in enumerate(xs):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{top + plot_h + 18}" font-size="12" fill="{INK}" '
            f'text-anchor="middle">{escape(str(x))}</text>'
        )
    if all(value is None for _name, values in series for value in values):
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" font-size="14" '
            f'fill="{INK}" text-anchor="middle">{escape(empty)}</text>'
        )
    for s_index, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
        points = [(x_of(i), top + plot_h * (1 - v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash = ' stroke-dasharray="6 3"' if s_index % 2 else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>'
            )
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        legend_x = left + s_index * 220
        parts.append(
            f'<rect x="{legend_x}" y="{height - 18}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 20}" y="{height - 12}" font-size="12" fill="{INK}">'
            f"{escape(name)}</text>"
        )
    return _svg(width, height, title, desc or title, "".join(parts))


def gauge(title, value, target, desc="", width=260, height=160):
    """Half-circle gauge of a share with a target mark."""
    cx, cy, radius = width / 2, height - 30, min(width / 2 - 20, height - 50)

    def point(share):
        angle = math.pi * (1 - share)
        return cx + radius * math.cos(angle), cy - radius * math.sin(angle)

    def arc(share, colour):
        x, y = point(share)
        return (
            f'<path d="M {cx - radius:.1f} {cy:.1f} A {radius:.1f} {radius:.1f} 0 0 1 '
            f'{x:.1f} {y:.1f}" fill="none" stroke="{colour}" stroke-width="18"/>'
        )

    parts = [arc(1, GRID)]
    if value is not None and value > 0:
        parts.append(arc(min(value, 0.9999), SERIES_COLOURS[0]))
    if target is not None:
        # A tick across the ring (18 px wide), a few pixels past each edge: a longer one
        # stuck out beside the arc's end at a 100 % target.
        tx, ty = point(min(target, 1))
        inner, outer = (radius - 13) / radius, (radius + 13) / radius
        ix, iy = cx + (tx - cx) * inner, cy + (ty - cy) * inner
        ox, oy = cx + (tx - cx) * outer, cy + (ty - cy) * outer
        parts.append(
            f'<line x1="{ix:.1f}" y1="{iy:.1f}" x2="{ox:.1f}" y2="{oy:.1f}" stroke="#8a4b08" '
            'stroke-width="3"/>'
        )
    parts.append(
        f'<text x="{cx:.1f}" y="{cy - 6:.1f}" font-size="26" font-weight="700" fill="{INK}" '
        f'text-anchor="middle">{pct(value, 1)}</text>'
        f'<text x="{cx:.1f}" y="{cy + 20:.1f}" font-size="12" fill="{SOFT}" '
        f'text-anchor="middle">objectif {pct(target)}</text>'
    )
    return _svg(width, height, title, desc or title, "".join(parts), "chart gauge")


@cache
def _map_geometry():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


# Shared with the map of suppliers (apure.suppliers.maps): same frame and département outlines.
svg_frame = _svg
map_geometry = _map_geometry


def scale_colour(value):
    if value is None:
        return NO_DATA
    return SCALE[min(int(value * len(SCALE)), len(SCALE) - 1)]


def legend_bins():
    step = 1 / len(SCALE)
    return [
        (colour, f"{pct(index * step)} à {pct((index + 1) * step)}")
        for index, colour in enumerate(SCALE)
    ]


def departements_map(title, values, highlight=(), desc=""):
    """Map of metropolitan départements coloured by share.

    `highlight`: the départements of the view (a région's, or one). When given, they alone are
    coloured and outlined; the others are greyed as « hors de la vue », whatever their value,
    so that the map never shows figures the filters left out.
    No links inside: an <svg role="img"> must not hold interactive elements; the table beside
    the map links to each département.
    """
    geometry = _map_geometry()
    parts = []
    highlight = set(highlight)
    for location in geometry["locations"]:
        code = location["id"]
        outside = bool(highlight) and code not in highlight
        value = None if outside else values.get(code)
        shown = OUTSIDE_LABEL if outside else pct(value, 1)
        label = f"{location['name']} ({code})\u00a0: {shown}"
        stroke = (
            'stroke="#1f2a24" stroke-width="1.6"'
            if code in highlight
            else 'stroke="#ffffff" stroke-width="0.6"'
        )
        fill = OUTSIDE if outside else scale_colour(value)
        shape = (
            f'<path d="{location["path"]}" fill="{fill}" {stroke}>'
            f"<title>{escape(label)}</title></path>"
        )
        parts.append(shape)
    # Outlined départements are drawn last so that their border is not hidden by neighbours.
    parts.sort(key=lambda part: 'stroke="#1f2a24"' in part)
    _, _, width, height = (float(v) for v in geometry["viewBox"].split())
    return _svg(int(width), int(height), title, desc or title, "".join(parts), "chart map")
