"""Server time of the observatory pages and API, and of `apure indicators --json`, on a store.

    .venv/bin/python bench/observatory_bench.py --store /work/bench-data/observatory/synth.duckdb
    .venv/bin/python bench/observatory_bench.py --store STORE --only carbon   # carbon parts only

Requests go through Django's test client in one process (server time: routing, SQL, charts,
templates), 200 of them with varied filters, first with an empty cache (each filter set is
new) and then once more with the cache warm. Prints p50 / p95 / max per kind of request.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
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

YEARS = [[], [2024], [2025], [2024, 2025], [2026], [2023, 2024, 2025, 2026]]
REGIONS = ["32", "32", "", "11", "84", "53"]
SEGMENTS = [
    "",
    "",
    "restauration-collective",
    "construction-neuve",
    "services-numeriques",
    "espaces-verts",
    "travaux",
]
DIVISIONS = ["45", "72", "15", "90", "34"]


def query(rng, region=True):
    parts = [f"annee={year}" for year in rng.choice(YEARS)]
    if region:
        parts.append(f"region={rng.choice(REGIONS)}")
    segment = rng.choice(SEGMENTS)
    if segment:
        parts.append(f"segment={segment}")
    if rng.random() < 0.2:
        parts.append(f"montant={rng.choice(['40k-90k', '215k-1m', '5m-plus'])}")
    return "&".join(parts)


def requests(rng, store, count, only=""):
    connection = duckdb.connect(str(store), read_only=True)
    buyers = [r[0] for r in connection.execute(
        "SELECT buyer_siret FROM contracts GROUP BY 1 ORDER BY count(*) DESC LIMIT 300"
    ).fetchall()]  # fmt: skip
    uids = [r[0] for r in connection.execute(
        "SELECT uid FROM contracts USING SAMPLE 300 ROWS"
    ).fetchall()]  # fmt: skip
    connection.close()
    makers = [
        ("home", lambda: f"/observatoire/?{query(rng)}"),
        ("buyer", lambda: f"/observatoire/acheteurs/{rng.choice(buyers)}/?{query(rng, False)}"),
        ("contract", lambda: f"/observatoire/marches/{rng.choice(uids)}/"),
        ("segment", lambda: f"/observatoire/segments/{rng.choice(SEGMENTS[2:])}/?{query(rng)}"),
        ("cpv", lambda: f"/observatoire/cpv/{rng.choice(DIVISIONS)}/?{query(rng)}"),
        ("region", lambda: f"/observatoire/territoires/region/{rng.choice(['32', '11', '84'])}/"),
        ("departement", lambda: f"/observatoire/territoires/departement/"
                                f"{rng.choice(['59', '62', '80', '75', '69'])}/?{query(rng, False)}"),  # noqa: E501
        ("quality", lambda: "/observatoire/qualite/"),
        ("search", lambda: f"/observatoire/recherche/?q={rng.choice(['voirie', 'repas', 'Acheteur synthétique 12', '2000000'])}"),  # noqa: E501
        ("list", lambda: f"/observatoire/marches/?{query(rng)}&page={rng.randint(1, 50)}"),
        ("indicator", lambda: f"/observatoire/indicateurs/{rng.choice(['ecart_pnad', 'estimation_spaser', 'radar_climat_resilience', 'part_sociale', 'parts_par_departement'])}/?{query(rng)}"),  # noqa: E501
        ("api-indicators", lambda: f"/api/indicateurs/?{query(rng)}"),
        ("api-indicator", lambda: f"/api/indicateurs/{rng.choice(['ecart_pnad', 'estimation_spaser', 'radar_climat_resilience', 'volumes_segments'])}/?{query(rng)}"),  # noqa: E501
        ("api-contracts", lambda: f"/api/marches/?{query(rng)}&page={rng.randint(1, 100)}"),
        ("api-contract", lambda: f"/api/marches/{rng.choice(uids)}/"),
        ("api-buyer", lambda: f"/api/acheteurs/{rng.choice(buyers)}/"),
        # The carbon part of the views (issue #12) and its table in the API.
        ("carbon-home", lambda: f"/observatoire/?{query(rng)}&partie=carbone"),
        ("carbon-buyer", lambda: f"/observatoire/acheteurs/{rng.choice(buyers)}/"
                                 f"?{query(rng, False)}&partie=carbone"),
        ("carbon-segment", lambda: f"/observatoire/segments/{rng.choice(SEGMENTS[2:])}/"
                                   f"?{query(rng)}&partie=carbone"),
        ("carbon-departement", lambda: f"/observatoire/territoires/departement/"
                                       f"{rng.choice(['59', '62', '80', '75', '69'])}/"
                                       f"?{query(rng, False)}&partie=carbone"),
        ("carbon-api", lambda: f"/api/indicateurs/empreinte_carbone/?{query(rng)}"),
    ]  # fmt: skip
    if only:
        makers = [(kind, make) for kind, make in makers if kind.startswith(only)]
    return [(kind, make()) for kind, make in (makers[i % len(makers)] for i in range(count))]


def measure(client, plan):
    """Wall-clock server time per request, and CPU time of this process (all its threads)."""
    times = defaultdict(list)
    for kind, url in plan:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        times[f"cpu:{kind}"].append((time.process_time() - cpu) * 1000)
        times["cpu:all"].append((time.process_time() - cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if hasattr(response, "content") and b"INVALID_TEMPLATE_VARIABLE" in response.content:
            raise SystemExit(f"{url} has an undefined template variable")
        times[kind].append(elapsed)
        times["all"].append(elapsed)
    return times


def stats(values):
    ordered = sorted(values)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(values), "p50": round(statistics.median(ordered), 1),
            "p95": round(p95, 1), "max": round(ordered[-1], 1)}  # fmt: skip


def command_time(store, runs=5):
    env = {**os.environ, "APURE_ANALYTICS_DB": str(store), "DJANGO_SETTINGS_MODULE":
           "config.settings.dev"}  # fmt: skip
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "apure", "indicators", "--json"], env=env,
                       cwd=ROOT, check=True, capture_output=True)  # fmt: skip
        times.append(time.perf_counter() - started)
    return {"runs": runs, "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3)}  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="only the kinds starting with it: carbon")
    args = parser.parse_args()
    store = Path(args.store).resolve()
    settings.ANALYTICS_DB_PATH = store
    client = Client()
    plan = requests(random.Random(args.seed), store, args.requests, args.only)
    cold = measure(client, plan)
    warm = measure(client, plan)
    result = {
        "store": str(store),
        "load_average": os.getloadavg(),
        "contracts": duckdb.connect(str(store), read_only=True)
        .execute("SELECT count(*) FROM contracts")
        .fetchone()[0],
        "cold": {kind: stats(values) for kind, values in cold.items()},
        "warm": {kind: stats(values) for kind, values in warm.items()},
        "indicators_command": command_time(store),
        "load_average_after": os.getloadavg(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
