"""The method that built the shipped commune centres (apure/reference/centroids.py)."""

import pytest

from apure.reference import centroids

SQUARE = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]  # area 4, centre (1, 1)


def centre(moments):
    area, mx, my = moments
    return mx / area, my / area


def test_a_ring_s_centroid_whatever_its_orientation():
    area, *_ = centroids.ring_moments(SQUARE)
    assert area == 4
    assert centre(centroids.geometry_moments({"type": "Polygon", "coordinates": [SQUARE]})) == (
        1,
        1,
    )
    clockwise = {"type": "Polygon", "coordinates": [SQUARE[::-1]]}
    assert centre(centroids.geometry_moments(clockwise)) == (1, 1)


def test_a_hole_moves_the_centroid_away_from_it():
    hole = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # the lower-left quarter
    area, mx, my = centroids.geometry_moments({"type": "Polygon", "coordinates": [SQUARE, hole]})
    assert area == 3
    assert (mx / area, my / area) == pytest.approx((7 / 6, 7 / 6))


def test_a_commune_nouvelle_gets_the_centroid_of_the_communes_it_merged():
    right = [[[2, 0], [4, 0], [4, 2], [2, 2], [2, 0]]]
    moments = {
        "00001": centroids.geometry_moments({"type": "Polygon", "coordinates": [SQUARE]}),
        "00002": centroids.geometry_moments({"type": "MultiPolygon", "coordinates": [right]}),
        "00003": centroids.geometry_moments({"type": "Polygon", "coordinates": [SQUARE]}),
    }
    communes = [
        {"code": "00001", "type": "commune-actuelle", "zone": "metro", "anciensCodes": ["00002"]},
        # 00003 was merged once, then restored: its territory is its own again.
        {"code": "00004", "type": "commune-actuelle", "zone": "metro", "anciensCodes": ["00003"]},
        {"code": "00003", "type": "commune-actuelle", "zone": "metro"},
        {"code": "00005", "type": "commune-actuelle", "zone": "com"},  # outside apure's scope
    ]

    found = centroids.centres(moments, communes)

    assert found == {"00001": (1.0, 2.0), "00003": (1.0, 1.0)}  # (latitude, longitude)
