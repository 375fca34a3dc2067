"""The answer on the first screen; the rest of a view one click away, without rows of zeros."""

import html

import pytest

from apure.observatory.filters import Filters
from apure.observatory.indicators import purchase_segments

pytestmark = pytest.mark.django_db

VIEWS = [
    "/observatoire/",
    "/observatoire/territoires/region/32/",
    "/observatoire/segments/restauration-collective/",
    "/observatoire/acheteurs/21590350100017/",
]


def _text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("path", VIEWS)
def test_every_view_opens_on_shares_trend_and_gauges_with_its_parts_one_click_away(
    client, observatory_store, path
):
    text = _text(client, path)
    assert 'class="first-screen"' in text
    assert "couverture" in text and "inconnus" in text
    assert "Évolution par année de notification" in text
    assert "Objectifs du plan national pour des achats durables (PNAD)" in text
    assert 'aria-label="Parties de la page"' in text and "partie=segments" in text
    # The long tables wait for their part: the page opens on the answer.
    assert "Parts par segment d'achat" not in text and "<caption>Parts par département" not in text


def test_filters_are_one_summary_line_at_the_top_opened_when_a_filter_was_refused(
    client, observatory_store
):
    text = _text(client, "/observatoire/?annee=2025")
    summary = text.index('<details class="filters form-card">')
    assert summary < text.index('class="first-screen"')
    assert "année 2025, région Hauts-de-France" in text[summary : summary + 600]
    text = _text(client, "/observatoire/?cpv=ABC")
    assert '<details class="filters form-card" open>' in text
    assert "une division CPV a 2 chiffres" in text


def test_segments_without_contract_are_left_out_with_a_line_saying_so(client, observatory_store):
    rows = purchase_segments.compute(Filters.build(region="32")).rows
    empty = [row["label"] for row in rows if not row["contracts"]]
    assert empty, "the sample must have segments without contract"
    text = _text(client, "/observatoire/?partie=segments")
    part = text[text.index('id="parties"') :]
    table = part[part.index("<table") : part.index("</table>")]
    assert all(f">{label}<" not in table for label in empty)
    assert f"{len(empty)} segments sans contrat dans cette vue ne figurent pas" in text
    assert "Restauration collective et denrées alimentaires" in table


def test_an_unknown_part_shows_the_first_screen_only(client, observatory_store):
    text = _text(client, "/observatoire/?partie=inconnue")
    assert 'class="first-screen"' in text and 'aria-current="page">Synthèse' in text


@pytest.mark.parametrize(
    ("path", "label", "content"),
    [
        ("/observatoire/?partie=cpv", "Divisions CPV", "<td >45</td>"),
        ("/observatoire/?partie=indicateurs", "Tous les indicateurs", "Écart aux objectifs"),
        ("/observatoire/territoires/region/32/?partie=acheteurs", "Principaux acheteurs",
         "Acheteurs ayant notifié le plus de contrats"),
        ("/observatoire/territoires/region/32/?partie=territoires&carte=social",
         "Carte des départements", "Part des contrats avec considération sociale"),
        ("/observatoire/acheteurs/21590350100017/?partie=segments", "Segments d'achat",
         "Restauration collective"),
        ("/observatoire/acheteurs/21590350100017/?partie=mutualisation", "Achats à grouper",
         "Achats à grouper"),
    ],
)  # fmt: skip
def test_each_part_is_reached_in_one_click(client, observatory_store, path, label, content):
    text = _text(client, path)
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    assert f'aria-current="page">{label}</a>' in text
    assert content in text[text.index('id="parties"') :]
