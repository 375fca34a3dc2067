"""Deep paging of the contract list: cursors (keyset on the sort value and the uid) give every
contract exactly once at page boundaries and with ties, in both directions, at a cost that does
not depend on the depth; page numbers still work up to MAX_OFFSET, then a French message."""

import html
import re
from datetime import date

import pytest
from django.conf import settings

from apure.decp import store
from apure.observatory import contracts, store_query
from apure.observatory.filters import Filters
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db
SIZE = 5
ALL = Filters.build()


def _rows():
    """53 contracts with many ties (3 dates, 4 amounts, 2 objects, 2 buyer names) and nulls."""
    rows = []
    for index in range(53):
        rows.append({
            "contract_id": f"C{index:03d}",
            "buyer_siret": "21590350100017" if index % 2 else "20005374200014",
            "buyer_name": None if index % 11 == 0 else ("Ville" if index % 2 else "Région"),
            "object": "Nettoyage" if index % 3 else "Voirie",
            "amount": None if index % 7 == 0 else float(1000 * (index % 4)),
            "notification_date": None if index % 13 == 0 else ["2024-01-05", "2024-06-30",
                                                               "2025-02-01"][index % 3],
            "departement": "59", "region": "32",
        })  # fmt: skip
    return rows


@pytest.fixture
def tied_store():
    store.close()
    store_query.clear_cache()
    rows = [store_builder.complete(row, index) for index, row in enumerate(_rows())]
    store_builder.build(settings.ANALYTICS_DB_PATH, _rows())
    yield rows
    store.close()
    store_query.clear_cache()
    settings.ANALYTICS_DB_PATH.unlink(missing_ok=True)


def _expected(rows, sort, direction):
    """The list's order computed here: sort value (nulls last), then uid ascending."""
    column = contracts.SORTS[sort][0]
    valued = [row for row in rows if row[column] is not None]
    nulls = sorted((row for row in rows if row[column] is None), key=lambda row: row["uid"])
    valued.sort(key=lambda row: row["uid"])
    valued.sort(key=lambda row: row[column], reverse=direction == "desc")  # stable: uid kept
    return [row["uid"] for row in valued + nulls]


def _walk(sort, direction):
    """Every page by following next cursors, then every page back by previous cursors."""
    first = contracts.page(ALL, sort=sort, direction=direction, size=SIZE)
    pages, numbers = [first], [first["number"]]
    while pages[-1]["next_cursor"]:
        pages.append(contracts.page(ALL, sort=sort, direction=direction, size=SIZE,
                                    cursor=pages[-1]["next_cursor"]))  # fmt: skip
        numbers.append(pages[-1]["number"])
    back = [pages[-1]]
    while back[-1]["previous_cursor"]:
        back.append(contracts.page(ALL, sort=sort, direction=direction, size=SIZE,
                                   cursor=back[-1]["previous_cursor"]))  # fmt: skip
    return pages, numbers, back


@pytest.mark.parametrize("sort", list(contracts.SORTS))
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_cursors_give_each_contract_once_in_order_both_ways(tied_store, sort, direction):
    expected = _expected(tied_store, sort, direction)
    pages, numbers, back = _walk(sort, direction)
    forward = [row["uid"] for page in pages for row in page["rows"]]
    assert forward == expected
    assert numbers == list(range(1, 12))  # 53 contracts, 5 a page: 11 pages, numbered
    assert [len(page["rows"]) for page in pages] == [5] * 10 + [3]
    backward = [row["uid"] for page in back for row in page["rows"][::-1]]
    assert backward == expected[::-1]
    assert [page["number"] for page in back] == list(range(11, 0, -1))
    # A page by cursor is the page of the same number by OFFSET.
    for page in pages:
        by_number = contracts.page(ALL, sort=sort, direction=direction, size=SIZE,
                                   number=page["number"])  # fmt: skip
        assert by_number["rows"] == page["rows"]


def test_the_query_of_a_page_does_not_depend_on_its_depth(tied_store, monkeypatch):
    seen = []
    original = store_query.fetch_dicts

    def spy(sql, params=()):
        seen.append((sql, list(params)))
        return original(sql, params)

    monkeypatch.setattr(store_query, "fetch_dicts", spy)
    pages, _, _ = _walk("montant", "desc")
    by_cursor = [(sql, params) for sql, params in seen if "uid >" in sql]
    assert len(by_cursor) >= 10
    # Same SQL text at page 2 and page 11; no rows skipped by OFFSET; LIMIT is the page size.
    assert len({sql for sql, _ in by_cursor}) <= 3  # valued, null and (backwards) shapes
    assert all(params[-2:] == [SIZE, 0] for _, params in by_cursor)


def test_a_tampered_or_foreign_cursor_starts_over(tied_store):
    first = contracts.page(ALL, sort="date", size=SIZE)
    token = first["next_cursor"]
    for bad in (token[:-3] + "xyz", "%%%", "e30", token + "A" * 3000):
        page = contracts.page(ALL, sort="date", size=SIZE, cursor=bad)
        assert page["number"] == 1 and page["rows"] == first["rows"]
    other_sort = contracts.page(ALL, sort="montant", size=SIZE, cursor=token)
    assert other_sort["number"] == 1
    forged = contracts.encode_cursor({"uid": "x", "notification_date": date(2024, 1, 1)},
                                     "date", "desc", 3)  # fmt: skip
    assert contracts.page(ALL, sort="date", size=SIZE, cursor=forged)["number"] == 3
    bad_value = contracts.encode_cursor({"uid": "x", "amount": "1; DROP"}, "montant", "desc", 2)
    assert contracts.page(ALL, sort="montant", size=SIZE, cursor=bad_value)["number"] == 1


def test_page_numbers_work_until_the_bound_then_say_why(client, tied_store, monkeypatch):
    monkeypatch.setattr(contracts, "MAX_OFFSET", 20)
    reachable = contracts.page(ALL, size=SIZE, number=5)  # skips 20 rows: allowed
    assert len(reachable["rows"]) == SIZE and not reachable["too_deep"]
    deep = contracts.page(ALL, size=SIZE, number=6)
    assert deep["too_deep"] and deep["rows"] == []
    monkeypatch.setattr(contracts, "LIST_PAGE_SIZE", 5)
    text = html.unescape(client.get("/observatoire/marches/?region=&page=6").content.decode())
    assert "trop loin pour s'ouvrir directement" in text
    assert "Aucun contrat pour ces filtres" not in text
    api = client.get("/api/marches/?taille=5&page=6")
    assert api.status_code == 400 and "next" in api.json()["detail"]


def test_the_web_list_is_walked_by_its_next_links(client, tied_store):
    seen, url = [], "/observatoire/marches/?region=&colonne=uid"
    for _ in range(10):
        text = html.unescape(client.get(url).content.decode())
        body = text[text.index("<tbody>") : text.index("</tbody>")]
        seen += re.findall(r"/observatoire/marches/([^\"]+)/\"", body)
        link = re.search(r'href="\?([^"]*)">Page suivante', text)
        if link is None:
            break
        assert "curseur=" in link.group(1)
        url = "/observatoire/marches/?" + link.group(1)
    assert seen == _expected(tied_store, "date", "desc")
    previous = re.search(r'href="\?([^"]*)">Page précédente', text).group(1)
    assert "curseur=" in previous and "page 3 sur 3" in text.lower()


def test_the_api_follows_next_to_the_end(client, tied_store):
    seen, url = [], "/api/marches/?taille=7&tri=montant&sens=asc"
    while url:
        data = client.get(url).json()
        seen += [row["uid"] for row in data["results"]]
        url = data["next"]
        assert url is None or "curseur=" in url
    assert seen == _expected(tied_store, "montant", "asc")
    assert data["page"] == data["pages"] == 8
    assert "curseur=" in data["previous"]


def test_the_list_page_reads_few_app_queries_with_a_cursor(
    client, tied_store, django_assert_max_num_queries
):
    token = contracts.page(Filters.from_query({}), size=contracts.LIST_PAGE_SIZE)["next_cursor"]
    with django_assert_max_num_queries(4):
        response = client.get(f"/observatoire/marches/?curseur={token}")
    assert response.status_code == 200


def test_a_too_deep_page_links_to_the_deepest_reachable_one(client, tied_store, monkeypatch):
    monkeypatch.setattr(contracts, "MAX_OFFSET", 20)
    monkeypatch.setattr(contracts, "LIST_PAGE_SIZE", 5)
    text = html.unescape(client.get("/observatoire/marches/?region=&page=9").content.decode())
    link = re.search(r'href="\?([^"]*)">aller à la page 5</a>', text).group(1)
    assert link.endswith("page=5")
    reachable = html.unescape(client.get(f"/observatoire/marches/?{link}").content.decode())
    assert "trop loin" not in reachable and "Page 5 sur 11" in reachable
    assert "Page précédente" in reachable and "Page suivante" in reachable


@pytest.mark.parametrize("sort", list(contracts.SORTS))
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_ocds_exports_read_by_chunks_in_the_list_order(tied_store, monkeypatch, sort, direction):
    """The bulk export reads a chunk per query (keyset): with ties, nulls and a chunk
    boundary inside a run of equal values, every contract comes once, in the list's order."""
    from apure.observatory import ocds

    monkeypatch.setattr(ocds, "CHUNK", 4)
    uids = [row["uid"] for row, _ in ocds.rows(ALL, sort=sort, direction=direction)]
    assert uids == _expected(tied_store, sort, direction)
    limited = [row["uid"] for row, _ in ocds.rows(ALL, sort=sort, direction=direction, limit=9)]
    assert limited == uids[:9]
