"""Server time of the contract list (first screen, sorted, deep pages by number and by cursor)
and of the OCDS release package (10 000 releases), on a store (issue #17).

    .venv/bin/python bench/list_ocds_bench.py --store /tmp/ocds-data/decp.duckdb

Requests go through Django's test client in one process (server time: routing, SQL,
templates, JSON), each with the query cache emptied first (cold: what a new filter set costs),
then again with only the site-wide lists (years, procedures, imports) cached, as on a running
site where each new filter set is still cold.
Prints p50 / p95 / max per kind, wall and process CPU time, peak memory and load average.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from apure.observatory import contracts, ocds, store_query  # noqa: E402
from apure.observatory.filters import Filters  # noqa: E402

LIST = "/observatoire/marches/"
LISTS = {
    "list-first-screen": [LIST, f"{LIST}?region=", f"{LIST}?annee=2025", f"{LIST}?departement=59"],
    "list-sorted": [f"{LIST}?tri=montant", f"{LIST}?tri=montant&sens=asc",
                    f"{LIST}?region=&tri=acheteur", f"{LIST}?region=&tri=objet&sens=desc",
                    f"{LIST}?annee=2024&tri=montant"],
    "api-list": ["/api/marches/", "/api/marches/?tri=montant",
                 "/api/marches/?annee=2025&tri=acheteur"],
}  # fmt: skip


def _cursor_url(base, sort, direction, number, size, region):
    """The URL of page `number` by cursor (made from the last row of the page before it)."""
    filters = Filters.from_query({"region": [region]})
    where, params = filters.where()
    column, order = contracts.SORTS[sort][0], contracts.sort_order(sort, direction)[2]
    # The bench may skip rows by OFFSET (once): the list itself never goes that deep so.
    last = store_query.fetch_dicts(
        f"SELECT uid, {column} FROM contracts WHERE {where} ORDER BY {order} "  # noqa: S608
        "LIMIT 1 OFFSET ?", [*params, (number - 1) * size - 1])[0]  # fmt: skip
    token = contracts.encode_cursor(last, sort, direction, number)
    return f"{base}?region={region}&tri={sort}&sens={direction}&curseur={token}"


def deep_urls():
    return {
        "list-page-500-by-number": ["/observatoire/marches/?region=&page=500",
                                    "/observatoire/marches/?region=&tri=montant&page=500"],
        "list-page-500-by-cursor": [
            _cursor_url("/observatoire/marches/", "date", "desc", 500, 20, ""),
            _cursor_url("/observatoire/marches/", "montant", "desc", 500, 20, ""),
            _cursor_url("/observatoire/marches/", "montant", "asc", 5000, 20, ""),
        ],
        "api-page-200-by-number": ["/api/marches/?page=200&taille=50"],
        "api-page-by-cursor-deep": [_cursor_url("/api/marches/", "date", "desc", 10_000, 50, "")],
    }  # fmt: skip


WARM_UP = "/observatoire/marches/?annee=2019&region=11"


def measure(client, urls, runs, warm_site=False):
    times, cpu = defaultdict(list), defaultdict(list)
    for kind, items in urls.items():
        for _ in range(runs):
            for url in items:
                store_query.clear_cache()
                if warm_site:
                    # A running site has its filter-independent lists (years, procedures,
                    # imports) cached: only the view's own queries are cold.
                    client.get(WARM_UP)
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                body = (b"".join(response.streaming_content) if response.streaming
                        else response.content)  # fmt: skip
                times[kind].append((time.perf_counter() - started) * 1000)
                cpu[kind].append((time.process_time() - cpu_started) * 1000)
                if response.status_code != 200 or b"INVALID_TEMPLATE_VARIABLE" in body:
                    raise SystemExit(f"{url} answered {response.status_code}")
    return times, cpu


def stats(values):
    ordered = sorted(values)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(values), "p50": round(statistics.median(ordered), 1),
            "p95": round(p95, 1), "max": round(ordered[-1], 1)}  # fmt: skip


def _peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def ocds_package(client, releases):
    """Time to stream a package of `releases` releases, by the module and through the API."""
    store_query.clear_cache()
    filters = Filters.build()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    metadata = ocds.package_metadata("https://apure.example/bench", "https://apure.example")
    size = sum(len(chunk.encode()) for chunk in ocds.stream_package(
        metadata, ocds.package_releases(filters, limit=releases)))  # fmt: skip
    module = {"releases": releases, "bytes": size,
              "wall_s": round(time.perf_counter() - started, 2),
              "cpu_s": round(time.process_time() - cpu, 2),
              "peak_rss_growth_mb": round((_peak() - peak) / 1024, 1)}  # fmt: skip
    # Through the API: a real filter whose list holds about that many contracts.
    query = "region=&annee=2025&departement=59"
    count = ocds.count(Filters.from_query({"annee": ["2025"], "departement": ["59"],
                                           "region": [""]}))  # fmt: skip
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(f"/api/ocds/marches/?{query}")
    body = b"".join(response.streaming_content)
    api = {"url": f"/api/ocds/marches/?{query}", "releases": count, "status": response.status_code,
           "bytes": len(body), "wall_s": round(time.perf_counter() - started, 2),
           "cpu_s": round(time.process_time() - cpu, 2)}  # fmt: skip
    return {"module": module, "api": api}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--runs", type=int, default=10, help="repetitions of each URL")
    parser.add_argument("--releases", type=int, default=10_000)
    args = parser.parse_args()
    settings.ANALYTICS_DB_PATH = Path(args.store).resolve()
    client = Client()
    urls = {**LISTS, **deep_urls()}
    times, cpu = measure(client, urls, args.runs)
    warm_times, warm_cpu = measure(client, urls, args.runs, warm_site=True)
    result = {
        "store": args.store,
        "contracts": store_query.fetch("SELECT count(*) FROM contracts")[0][0],
        "cpu": os.cpu_count(),
        "load_average_start": os.getloadavg(),
        "server_ms": {kind: stats(values) for kind, values in times.items()},
        "process_cpu_ms": {kind: stats(values) for kind, values in cpu.items()},
        "server_ms_site_lists_warm": {kind: stats(values) for kind, values in warm_times.items()},
        "process_cpu_ms_site_lists_warm": {kind: stats(v) for kind, v in warm_cpu.items()},
        "ocds": ocds_package(client, args.releases),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average_end": os.getloadavg(),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
