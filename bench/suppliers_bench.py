"""Server time of the suppliers' directory search (segment + distance + map), of the
recommender's « structures inclusives à proximité » block, and of the « références publiques »
join on a DECP store.

    APURE_DATA_DIR=/tmp/suppliers-bench .venv/bin/python bench/suppliers_bench.py \
        --suppliers 10000 --requests 200

APURE_DATA_DIR holds the app database (migrated) and the store (`decp.duckdb`, e.g. the
1,000,000-contract store of `bench/decp_synth.py` + `apure decp_import`). The script loads the
reference communes and segments if missing, then replaces the directory by N synthetic suppliers
spread over the communes of Hauts-de-France (a third with no or a generic NAF code, a fifth
with the SIREN of a real holder of the store so that the join finds contracts).

Each timed call starts with the store's query cache empty (`store_query.clear_cache()`): every
figure is a cold query on the store, except the counts of contracts won by the directory's
companies, which `apure.suppliers.references.directory_counts` keeps per store version and
directory version: their build is timed apart (`references_directory_build`). The directory
is asked through Django's test client (routing, SQL, template, map); the block and the join are
timed as functions. Prints p50 / p95 / max of the wall clock and of the process CPU time (all
threads), the load average before and after, and the peak memory.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from apure.clauses.library import DATA_DIR as LIBRARY_DIR  # noqa: E402
from apure.clauses.models import Segment  # noqa: E402
from apure.decp import store as analytics_store  # noqa: E402
from apure.observatory import store_query  # noqa: E402
from apure.reference import geo, loaders  # noqa: E402
from apure.reference.models import Commune  # noqa: E402
from apure.suppliers import nearby, references  # noqa: E402
from apure.suppliers.models import Supplier  # noqa: E402

HAUTS_DE_FRANCE = ("59", "62", "80", "60", "02")
TOWNS = ["59350", "59512", "59599", "59183", "62041", "62193", "80021", "60057", "02691",
         "59178", "62498", "59606"]  # fmt: skip
KINDS = [",ACI,", ",AI,", ",EI,", ",ETTI,", ",ESAT,", ",GEIQ,", ",EA,", ",ACI,AI,"]
TRADES = ["8130Z", "8121Z", "8122Z", "3832Z", "4399C", "4334Z", "5621Z", "9601B", "4520A",
          "9522Z", "3811Z", "0113Z", "1812Z", "9511Z", "4939B", "8010Z"]  # fmt: skip
UNKNOWN = ["", "", "8899B", "9499Z", "8810C", "7830Z"]


def prepare(count, rng):
    if not Commune.objects.exists():
        loaders.load_regions()
        loaders.load_departements()
        loaders.load_communes()
    if not Segment.objects.exists():
        records = json.loads((LIBRARY_DIR / "segments.json").read_text(encoding="utf-8"))
        Segment.objects.bulk_create([Segment(**record) for record in records])
    communes = [
        code
        for code in Commune.objects.filter(departement_id__in=HAUTS_DE_FRANCE).values_list(
            "code", flat=True
        )
        if geo.centre(code) is not None
    ]
    holders = [
        row[0]
        for row in analytics_store.cursor()
        .execute(
            "SELECT DISTINCT holder_id FROM holders "
            "WHERE regexp_full_match(holder_id, '[0-9]{14}') LIMIT 5000"
        )
        .fetchall()
    ]
    Supplier.objects.all().delete()
    suppliers, used = [], set()
    for index in range(count):
        # One in five carries the SIRET of a real holder: the join then finds contracts.
        real = index % 5 == 0 and holders
        siret = holders.pop() if real else f"{90_000_000_000_000 + index:014d}"
        if siret in used:
            continue
        used.add(siret)
        commune = rng.choice(communes)
        supplier = Supplier(
            siret=siret, name=f"Structure {index}", kinds=rng.choice(KINDS),
            naf=rng.choice(UNKNOWN) if rng.random() < 0.35 else rng.choice(TRADES),
            commune_code=commune, commune_name=commune, post_code="", source="banc d'essai",
            source_date="2026-01-01",
        )  # fmt: skip
        supplier.prepare()
        suppliers.append(supplier)
    Supplier.objects.bulk_create(suppliers, batch_size=1000)
    return len(suppliers)


def timed(times, cpu_times, kind, call):
    store_query.clear_cache()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = call()
    times[kind].append((time.perf_counter() - started) * 1000)
    cpu_times[kind].append((time.process_time() - cpu_started) * 1000)
    return result


def stats(values):
    ordered = sorted(values)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(values), "p50": round(statistics.median(ordered), 1),
            "p95": round(p95, 1), "max": round(ordered[-1], 1)}  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if not store_query.is_loaded():
        raise SystemExit("Aucun entrepôt DECP dans APURE_DATA_DIR : lancez apure decp_import.")
    created = prepare(args.suppliers, rng)
    segments = list(Segment.objects.all())
    towns = list(Commune.objects.filter(code__in=TOWNS))
    sirets = list(Supplier.objects.values_list("siret", flat=True))
    client = Client()
    times, cpu_times = defaultdict(list), defaultdict(list)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
        # The first request loads the commune centres and opens the store: timed apart.
        started = time.perf_counter()
        client.get("/outils/fournisseurs/?segment=espaces-verts&commune=59350&radius_km=30")
        first = round((time.perf_counter() - started) * 1000, 1)
        load_before = os.getloadavg()
        for _ in range(args.requests):
            segment, town = rng.choice(segments), rng.choice(towns)
            url = (f"/outils/fournisseurs/?segment={segment.code}&commune={town.code}"
                   f"&radius_km={rng.choice([10, 30, 50])}")  # fmt: skip
            response = timed(times, cpu_times, "directory", lambda url=url: client.get(url))
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            timed(times, cpu_times, "recommender_block",
                  lambda s=segment, t=town: nearby.summary(s, t))  # fmt: skip
            siret = rng.choice(sirets)
            timed(times, cpu_times, "references_supplier",
                  lambda s=siret: references.of_supplier(s))  # fmt: skip
            page = [s[:9] for s in rng.sample(sirets, 25)]
            timed(times, cpu_times, "references_page",
                  lambda p=page: references.counts_by_siren(p))  # fmt: skip
        # The contracts won by every company of the directory, built once per store version
        # and directory version (what a list page or a recommendation pays after an import or
        # an edit of the directory): timed on its own, rebuilt each time.
        for _ in range(10):
            references._directory_counts.clear()
            timed(times, cpu_times, "references_directory_build", references.directory_counts)
    contracts = analytics_store.cursor().execute("SELECT count(*) FROM contracts").fetchone()[0]
    result = {
        "suppliers": created,
        "contracts_in_store": contracts,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "first_request_ms": first,
        "wall_ms": {kind: stats(values) for kind, values in times.items()},
        "cpu_ms": {kind: stats(values) for kind, values in cpu_times.items()},
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
