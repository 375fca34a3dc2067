"""Server time and peak memory of the pooling pages and of the buyer-page block, on a store.

    .venv/bin/python bench/pooling_bench.py --store /tmp/pooling-data/decp.duckdb

Requests go through Django's test client in one process (server time: routing, SQL,
templates), with varied territories, kinds of purchase and periods, first with an empty cache
(each scope is new) and then once more with the cache warm. The buyer-page block is timed on
its own (`apure.pooling.pages.buyer_block`, what the block adds to a buyer page) and with the
whole buyer page. Prints p50 / p95 / max per kind and the peak memory of the process, for
the server time (wall clock) and for the CPU time of the process (all its threads): on a
machine shared with other work, the wall clock grows with the load, the CPU time much less.
"""

import argparse
import json
import os
import random
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

import duckdb  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

TERRITORIES = [
    "departement/59", "departement/62", "departement/80", "departement/75",
    "departement/69", "departement/13", "region/32", "region/11", "region/84",
    "epci/200093201", "epci/246200364",
]  # fmt: skip
PURCHASES = [
    "restauration-collective", "construction-neuve", "services-numeriques",
    "batiment-rehabilitation", "maitrise-oeuvre", "voirie-reseaux", "travaux", "services",
    "cpv-4521", "cpv-7100", "cpv-4531", "cpv-3020",
]  # fmt: skip
PERIODS = ["", "", "?annees=2", "?annees=6"]
# The part of the buyer page that shows the pooling block.
BUYER_PAGE = "/observatoire/acheteurs/{}/?partie=mutualisation"


def plan(rng, store, count):
    connection = duckdb.connect(str(store), read_only=True)
    buyers = [r[0] for r in connection.execute(
        "SELECT buyer_siret FROM contracts GROUP BY 1 ORDER BY count(*) DESC LIMIT 300"
    ).fetchall()]  # fmt: skip
    connection.close()
    requests = []
    for index in range(count):
        kind = ("scope", "export", "block", "buyer")[index % 4]
        if kind in ("scope", "export"):
            path = f"/outils/mutualisation/{rng.choice(TERRITORIES)}/{rng.choice(PURCHASES)}/"
            period = rng.choice(PERIODS)
            if kind == "export":
                path += "calendrier.csv"
            requests.append((kind, path + period))
        else:
            requests.append((kind, rng.choice(buyers)))
    return requests


def measure(client, requests):
    from apure.observatory import exports
    from apure.pooling import pages

    times, cpu_times = defaultdict(list), defaultdict(list)
    for kind, target in requests:
        started, cpu_started = time.perf_counter(), time.process_time()
        if kind == "block":
            block = pages.buyer_block(target, exports.today())
            if block is None:
                raise SystemExit("no store")
        else:
            url = BUYER_PAGE.format(target) if kind == "buyer" else target
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            elif b"INVALID_TEMPLATE_VARIABLE" in response.content:
                raise SystemExit(f"{url} has an undefined template variable")
        times[kind].append((time.perf_counter() - started) * 1000)
        cpu_times[kind].append((time.process_time() - cpu_started) * 1000)
    return times, cpu_times


def stats(values):
    ordered = sorted(values)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(values), "p50": round(statistics.median(ordered), 1),
            "p95": round(p95, 1), "max": round(ordered[-1], 1)}  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--duckdb-threads", type=int, help="DuckDB threads of the store (default: one per core)"
    )
    parser.add_argument(
        "--without-copy",
        action="store_true",
        help="read the store itself, not the pooling copy (apure/pooling/derived.py): before/after",
    )
    args = parser.parse_args()
    store = Path(args.store).resolve()
    settings.ANALYTICS_DB_PATH = store
    if args.without_copy:
        from apure.pooling import derived

        derived.cursor = lambda: None
    client = Client()
    requests = plan(random.Random(args.seed), store, args.requests)
    # The first request opens the store and loads the reference files: timed apart.
    started = time.perf_counter()
    client.get(f"/outils/mutualisation/{TERRITORIES[0]}/{PURCHASES[0]}/")
    first = round((time.perf_counter() - started) * 1000, 1)
    if args.duckdb_threads:
        from apure.decp import store as analytics_store

        # A setting of the database, not of the cursor: every later query uses it.
        analytics_store.cursor().execute(f"SET threads = {int(args.duckdb_threads)}")
    load_before = os.getloadavg()
    cold, cold_cpu = measure(client, requests)
    warm, warm_cpu = measure(client, requests)
    result = {
        "store": str(store),
        "contracts": duckdb.connect(str(store), read_only=True)
        .execute("SELECT count(*) FROM contracts")
        .fetchone()[0],
        "duckdb_threads": args.duckdb_threads or "default",
        "pooling_copy": not args.without_copy,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "first_request_ms": first,
        "cold": {kind: stats(values) for kind, values in cold.items()},
        "warm": {kind: stats(values) for kind, values in warm.items()},
        "cold_cpu": {kind: stats(values) for kind, values in cold_cpu.items()},
        "warm_cpu": {kind: stats(values) for kind, values in warm_cpu.items()},
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
