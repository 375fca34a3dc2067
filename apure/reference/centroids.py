"""Build `data/cog/centres_communes.csv`: one centre per current commune, from open contours.

Not used at run time (apure.reference.geo only reads the CSV); kept so the shipped file can be
rebuilt and its method checked (see data/cog/PROVENANCE_centres.md). Run once, offline:

    python -m apure.reference.centroids CONTOURS_DIR COG_COMMUNES_JSON OUT_CSV

CONTOURS_DIR holds the `departements/*/communes-*.geojson` files of gregoiredavid/france-geojson
(IGN GEOFLA contours, keyed by the INSEE code of their year); COG_COMMUNES_JSON is
`data/communes.json` of the npm package @etalab/decoupage-administratif, the same COG as
`data/cog/communes.csv`.

Method: the area centroid of each contour (shoelace formula over every ring, holes subtracted),
computed on longitude/latitude degrees. A commune of today that merged older ones (commune
nouvelle) gets the area-weighted mean of its parts' centroids, i.e. the centroid of their union.
Over a commune's extent (a few km) treating degrees as a plane moves the centre by metres, far
below the kilometre a distance filter cares about.
"""

import csv
import json
import sys
from pathlib import Path

KEPT_ZONES = {"metro", "drom"}
DECIMALS = 4  # 1e-4 degree ≈ 11 m of latitude: ample for a town centre


def ring_moments(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area and first moments (area × centroid) of a closed ring, by the shoelace formula."""
    area = mx = my = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        mx += (x0 + x1) * cross
        my += (y0 + y1) * cross
    return area / 2, mx / 6, my / 6


def polygon_moments(rings: list[list[list[float]]]) -> tuple[float, float, float]:
    """Area and moments of a polygon: outer ring counted positive, holes negative, whatever the
    orientation the source used."""
    total = [0.0, 0.0, 0.0]
    for index, ring in enumerate(rings):
        area, mx, my = ring_moments(ring)
        sign = (1 if area >= 0 else -1) * (1 if index == 0 else -1)
        total[0] += sign * area
        total[1] += sign * mx
        total[2] += sign * my
    return total[0], total[1], total[2]


def geometry_moments(geometry: dict) -> tuple[float, float, float]:
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]  # MultiPolygon
    )
    area = mx = my = 0.0
    for rings in polygons:
        a, x, y = polygon_moments(rings)
        area, mx, my = area + a, mx + x, my + y
    return area, mx, my


def read_contours(directory: Path) -> dict[str, tuple[float, float, float]]:
    """Area and moments of every contour, by the INSEE code it carries."""
    moments = {}
    for path in sorted(directory.glob("departements/*/communes-*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            moments[feature["properties"]["code"]] = geometry_moments(feature["geometry"])
    return moments


def centres(moments: dict, communes: list[dict]) -> dict[str, tuple[float, float]]:
    """Centre (latitude, longitude) of each current commune of the COG that has contours."""
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}
    found = {}
    for commune in communes:
        if commune["type"] != "commune-actuelle" or commune["zone"] not in KEPT_ZONES:
            continue
        # Its own code plus the codes of the communes merged into it; a former code that is a
        # current commune again (restored commune) belongs to that commune, not this one.
        codes = [commune["code"]] + [
            code for code in commune.get("anciensCodes", []) if code not in current
        ]
        parts = [moments[code] for code in codes if code in moments]
        area = sum(p[0] for p in parts)
        if not parts or area <= 0:
            continue
        longitude = sum(p[1] for p in parts) / area
        latitude = sum(p[2] for p in parts) / area
        found[commune["code"]] = (round(latitude, DECIMALS), round(longitude, DECIMALS))
    return found


def write(found: dict[str, tuple[float, float]], out: Path) -> None:
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "latitude", "longitude"])
        for code in sorted(found):
            latitude, longitude = found[code]
            writer.writerow([code, f"{latitude:.{DECIMALS}f}", f"{longitude:.{DECIMALS}f}"])


def main(argv: list[str]) -> None:
    contours_dir, communes_json, out = map(Path, argv)
    communes = json.loads(communes_json.read_text(encoding="utf-8"))
    found = centres(read_contours(contours_dir), communes)
    write(found, out)
    kept = [c for c in communes if c["type"] == "commune-actuelle" and c["zone"] in KEPT_ZONES]
    print(f"{len(found)} centres for {len(kept)} current communes (métropole and DROM)")


if __name__ == "__main__":
    main(sys.argv[1:])
