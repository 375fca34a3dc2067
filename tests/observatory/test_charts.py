import re

from apure.observatory import charts


def test_charts_are_accessible_svg():
    for svg in (
        charts.bars("Parts <test>", [("Travaux", 0.5), ("Inconnu", None)]),
        charts.lines("Évolution", [2024, 2025], [("Sociale", [0.2, 0.3])]),
        charts.gauge("Jauge", 0.4, 0.3),
    ):
        assert 'role="img"' in svg
        assert re.search(r"<title id=\"[^\"]+\">", svg) and "<desc" in svg
    assert "Parts &lt;test&gt;" in charts.bars("Parts <test>", [])


def test_map_draws_every_metropolitan_departement_and_outlines_the_region():
    svg = charts.departements_map("Carte", {"59": 0.9, "62": 0.1}, highlight=["59", "62"])
    assert svg.count("<path") == 96
    assert "Nord (59)\u00a0: 90,0 %" in svg
    assert svg.count('stroke="#1f2a24"') == 2


def test_a_trend_with_no_known_share_says_why_instead_of_staying_blank():
    svg = charts.lines("Évolution", [2019, 2020], [("Sociale", [None, None])], empty="Inconnues.")
    assert "Inconnues." in svg and "<polyline" not in svg
    assert "Inconnues." not in charts.lines(
        "Évolution", [2019, 2020], [("Sociale", [None, 0.2])], empty="Inconnues."
    )


def test_long_bar_labels_keep_their_start_and_give_the_full_label():
    """QA: segment labels were cut on the left (« énovation énergétique… »)."""
    label = "Rénovation énergétique des bâtiments et performance des équipements"
    svg = charts.bars("Segments", [(label, 0.5)])
    text = re.search(r'<text x="(\d+)"[^>]*><title>([^<]*)</title>([^<]*)</text>', svg)
    left, full, shown = int(text[1]), text[2], text[3]
    assert full == label
    assert shown.startswith("Rénovation énergétique") and shown.endswith("…")
    # Anchored at the left edge (start), so nothing can run off the picture on the left.
    assert left >= 0 and 'text-anchor="end">Rénovation' not in svg
    assert len(shown) * 12 * charts.AVERAGE_CHAR_WIDTH <= 250


def test_the_target_mark_crosses_the_gauge_ring_without_sticking_out_beside_it():
    """Review: at a 100 % target (PNAD environment) the mark ran past the arc's end."""
    for target in (0.3, 1.0):
        svg = charts.gauge("Jauge", 0.2, target)
        x1, y1, x2, y2 = map(float, re.search(
            r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="#8a4b08"', svg
        ).groups())  # fmt: skip
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        assert 18 < length <= 30  # the ring is 18 px wide: a short tick across it
