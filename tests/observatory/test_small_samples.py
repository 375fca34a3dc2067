"""One small-sample rule everywhere (issue 9, item 3), a map that keeps to the territory (item 4).

Fewer than aggregates.MIN_KNOWN contracts with a known consideration: every share is « n.d. » on
pages, tables, charts and the map, and null with its reason in exports and in the API. At the
threshold, the share is shown everywhere.
"""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from apure.observatory import aggregates, store_query
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db

NORD = {"buyer_siret": "21590350100017", "buyer_name": "Ville de Lille", "buyer_kind": "commune",
        "buyer_departement": "59", "buyer_region": "32", "departement": "59", "region": "32",
        "cpv": "90910000", "amount": 100_000.0}  # fmt: skip
MOSELLE = {"buyer_siret": "21570463100013", "buyer_name": "Ville de Metz", "buyer_kind": "commune",
           "buyer_departement": "57", "buyer_region": "44", "departement": "57", "region": "44",
           "cpv": "90910000", "amount": 100_000.0}  # fmt: skip


def _store(settings, known):
    """In Nord, `known` contracts without any consideration (a share of 0 %) and as many with
    unknown ones; in Moselle (outside Hauts-de-France), five with both considerations."""
    rows = [
        *({**NORD, "contract_id": f"K{i}", "notification_date": "2024-03-01",
           "social": "no", "environmental": "no"} for i in range(known)),
        *({**NORD, "contract_id": f"U{i}", "notification_date": "2024-03-01"}
          for i in range(known)),
        *({**MOSELLE, "contract_id": f"M{i}", "notification_date": "2024-03-01",
           "social": "yes", "environmental": "yes", "env_clause": True} for i in range(5)),
    ]  # fmt: skip
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    store_query.clear_cache()


class _Tables(HTMLParser):
    """Tables of a page: caption → rows of cell texts; and the text of every <svg>."""

    def __init__(self):
        super().__init__()
        self.tables, self.svgs = {}, []
        self._caption = self._row = self._cell = self._svg = None
        self._rows = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self._svg = []
        elif tag == "caption":
            self._caption = []
        elif tag == "table":
            self._rows = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svgs.append("".join(self._svg))
            self._svg = None
        elif tag == "caption":
            self._name = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "table":
            self.tables[self._name] = self._rows
        elif tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        for part in (self._svg, self._caption, self._cell):
            if part is not None:
                part.append(data)


def _parse(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = _Tables()
    parsed.feed(response.content.decode())
    return parsed


def _row(parsed, caption, first_cell):
    table = next(rows for name, rows in parsed.tables.items() if name.startswith(caption))
    return next(row for row in table if row and row[0].startswith(first_cell))


# Cell texts have their spaces collapsed (the narrow no-break space of « 0,0 % » too).
ZERO = "0,0 %"


@pytest.mark.parametrize("known, shown", [(aggregates.MIN_KNOWN - 1, False),
                                          (aggregates.MIN_KNOWN, True)])  # fmt: skip
def test_home_tables_charts_and_map_follow_one_rule(client, settings, empty_store, known, shown):
    """QA: « n.d. — échantillon insuffisant » in the key figures, 0,0 % everywhere else."""
    _store(settings, known)
    page = _parse(client, "/observatoire/?region=32")
    expected = ZERO if shown else "n.d."
    year = _row(page, "Contrats et parts par année", "2024")
    assert (year[2], year[4]) == (expected, expected)
    assert year[3] == "50,0 %"  # the coverage is about the data: always given
    # The other tables are each one click away, in their part of the page.
    segments = _parse(client, "/observatoire/?region=32&partie=segments")
    services = _row(segments, "Volumes et considérations par segment", "Services")
    assert (services[3], services[5]) == (expected, expected)
    territories = _parse(client, "/observatoire/?region=32&partie=territoires")
    nord = _row(territories, "Parts par département", "Nord")
    assert (nord[2], nord[3]) == (expected, expected)
    divisions = _parse(client, "/observatoire/?region=32&partie=cpv")
    division = _row(divisions, "Volumes et considérations par division CPV", "90")
    assert (division[4], division[6]) == (expected, expected)
    france = next(svg for svg in territories.svgs if "par département" in svg[:100])
    assert ("Nord (59)\u00a0: 0,0 %" in france) is shown
    assert ("Nord (59)\u00a0: n.d." in france) is not shown
    text = client.get("/observatoire/?region=32").content.decode()
    trend = text.split('class="chart"')[1].split("</svg>")[0]
    assert ("<circle" in trend) is shown
    text = client.get("/observatoire/?region=32&partie=segments").content.decode()
    bar = re.search(r"<title>Services</title>Services</text>(.*?)(<text x=\"4\"|</svg>)", text)
    assert (bar[1].endswith(">0,0 %</text>")) is shown
    assert bar[1].endswith(">n.d.</text>") is not shown


def test_map_greys_the_departements_outside_the_region(client, settings, empty_store):
    """QA: with the région filter, Moselle showed « 100,0 % »."""
    _store(settings, aggregates.MIN_KNOWN)
    text = client.get("/observatoire/?region=32&partie=territoires").content.decode()
    france = text.split('class="chart map"')[1].split("</svg>")[0]
    assert "Moselle (57)\u00a0: hors de la vue" in france and "100,0 %" not in france
    assert "hors de la région Hauts-de-France (hors de la vue, sans valeur)" in text
    page = _parse(client, "/observatoire/?region=32&partie=territoires")
    assert not any(row[0].startswith("Moselle") for row in page.tables["Parts par département"])
    everywhere = client.get("/observatoire/?region=&partie=territoires").content.decode()
    assert "Moselle (57)\u00a0: 100,0 %" in everywhere and "hors de la vue" not in everywhere


def _csv_rows(client, path):
    response = client.get(path)
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("known, shown", [(aggregates.MIN_KNOWN - 1, False),
                                          (aggregates.MIN_KNOWN, True)])  # fmt: skip
def test_exports_and_api_give_null_with_the_reason(client, settings, empty_store, known, shown):
    _store(settings, known)
    reason = aggregates.withheld_reason(aggregates.MIN_KNOWN - 1)
    nord = next(
        row
        for row in _csv_rows(
            client, "/observatoire/indicateurs/parts_par_departement.csv?region=32"
        )
        if row["Code"] == "59"
    )
    assert nord["Part sociale (%)"] == ("0" if shown else "")
    assert (reason in nord["Remarque"]) is not shown

    raw = b"".join(
        client.get("/observatoire/indicateurs/part_sociale.xlsx?region=32").streaming_content
    )
    sheet = load_workbook(io.BytesIO(raw)).active
    header = [cell.value for cell in sheet[1]]
    year = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == 2024)
    assert year[header.index("Part avec considération (en nombre) (%)")].value == (
        0 if shown else None
    )
    assert (reason in (year[header.index("Remarque")].value or "")) is not shown

    summary = client.get("/api/indicateurs/?region=32").json()
    assert summary["social"]["share_yes"] == (0 if shown else None)
    assert summary["social"]["share_reason"] == (None if shown else reason)
    assert summary["by_year"]["2024"]["environmental"]["share_yes_amount"] == (0 if shown else None)
    segments = client.get("/api/indicateurs/volumes_segments/?region=32").json()
    services = next(row for row in segments["rows"] if row["key"] == "services")
    assert services["environmental_share"] == (0 if shown else None)
    assert (services["note"] is None) is shown


def test_top_buyers_of_a_region_follow_the_rule(client, settings, empty_store):
    _store(settings, aggregates.MIN_KNOWN - 1)
    page = _parse(client, "/observatoire/territoires/region/32/?partie=acheteurs")
    lille = _row(page, "Acheteurs ayant notifié le plus de contrats", "Ville de Lille")
    assert (lille[3], lille[4]) == ("n.d.", "n.d.")
    assert lille[5] == "50,0 %"
