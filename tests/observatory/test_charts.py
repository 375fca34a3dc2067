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
    assert "Nord (59) : 90,0 %" in svg
    assert svg.count('stroke="#1f2a24"') == 2


def test_a_trend_with_no_known_share_says_why_instead_of_staying_blank():
    svg = charts.lines("Évolution", [2019, 2020], [("Sociale", [None, None])], empty="Inconnues.")
    assert "Inconnues." in svg and "<polyline" not in svg
    assert "Inconnues." not in charts.lines(
        "Évolution", [2019, 2020], [("Sociale", [None, 0.2])], empty="Inconnues."
    )
