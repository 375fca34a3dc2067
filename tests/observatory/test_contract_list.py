"""The contract list as a data tool: sortable columns, column chooser, everything in the URL."""

import csv
import html
import io
import re

import pytest

pytestmark = pytest.mark.django_db


def _text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = html.unescape(response.content.decode())
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    return text


def _amounts(text):
    """The amounts of the list, in the order of its rows."""
    body = text[text.index("<tbody>") : text.index("</tbody>")]
    return [
        float(value.replace("\u202f", "").replace(",", "."))
        for value in re.findall(r"([\d\u202f]+,\d\d) € HT", body)
    ]


def test_sorting_by_amount_both_ways_on_the_server(client, observatory_store):
    ascending = _amounts(_text(client, "/observatoire/marches/?region=&tri=montant&sens=asc"))
    smallest = sorted(row["amount"] for row in observatory_store if row["amount"] is not None)
    assert ascending[:5] == pytest.approx(smallest[:5])
    descending = _amounts(_text(client, "/observatoire/marches/?region=&tri=montant"))
    assert descending == sorted(descending, reverse=True)
    assert descending[0] == pytest.approx(max(smallest))


def test_a_column_header_sorts_and_a_second_click_reverses(client, observatory_store):
    text = _text(client, "/observatoire/marches/?region=&tri=montant&sens=desc")
    header = text[text.index("<thead>") : text.index("</thead>")]
    assert 'aria-sort="descending"' in header
    assert "tri=montant&sens=asc" in header  # reverses the sorted column
    assert "tri=acheteur&sens=asc" in header  # another column starts in its natural order


def test_an_unknown_sort_key_falls_back_to_the_latest_contracts(client, observatory_store):
    text = _text(client, "/observatoire/marches/?region=&tri=1;DROP&sens=sideways")
    assert 'aria-sort="descending"' in text and "Date de notification ▼" in text


def test_chosen_columns_are_shown_kept_across_pages_and_filters_and_exported(
    client, observatory_store
):
    text = _text(client, "/observatoire/marches/?region=&colonne=cpv&colonne=object")
    header = text[text.index("<thead>") : text.index("</thead>")]
    assert "Code CPV" in header and "Objet" in header and "Acheteur" not in header
    next_page = re.search(r'href="\?([^"]*curseur=[^"]*)">Page suivante', text).group(1)
    assert "colonne=object" in next_page and "colonne=cpv" in next_page
    assert '<input type="hidden" name="colonne" value="cpv">' in text  # the filter form
    link = re.search(r'href="/observatoire/marches/export\.csv\?([^"]*)"', text).group(1)
    response = client.get(f"/observatoire/marches/export.csv?{link}")
    body = b"".join(response.streaming_content).decode("utf-8")[1:]
    assert next(csv.reader(io.StringIO(body), delimiter=";")) == ["Objet", "Code CPV"]


def test_the_json_list_follows_the_same_sort_and_columns(client, observatory_store):
    data = client.get("/api/marches/?region=&tri=montant&sens=asc&colonne=cpv_division").json()
    amounts = [row["amount"] for row in data["results"] if row["amount"] is not None]
    assert amounts == sorted(amounts)
    assert "cpv_division" in data["results"][0]
    text = _text(client, "/observatoire/marches/?region=&tri=montant&sens=asc")
    assert "/api/marches/?region=&tri=montant&sens=asc" in text


def test_every_filtered_list_has_an_atom_feed_of_its_latest_contracts(client, observatory_store):
    from xml.etree import ElementTree

    text = _text(client, "/observatoire/marches/?annee=2025&region=53")
    assert '<link rel="alternate" type="application/atom+xml"' in text
    link = re.search(r'href="(/observatoire/marches/flux\.atom\?[^"]*)"', text).group(1)
    assert "annee=2025" in link and "region=53" in link
    response = client.get(link)
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    assert "année 2025, région Bretagne" in feed.find(f"{atom}title").text
    entries = feed.findall(f"{atom}entry")
    expected = [row for row in observatory_store if row["year"] == 2025 and row["region"] == "53"]
    assert len(entries) == len(expected) > 0
    first = entries[0]
    assert "/observatoire/marches/" in first.find(f"{atom}link").get("href")
    summary = first.find(f"{atom}summary")
    assert summary.get("type") == "text" and "considération sociale" in summary.text
