#!/usr/bin/env python3
"""Cost of `apure follow_notify`'s first-seen ledger on a big store (issue 17, « Suivre »).

Writes a store with only the columns the ledger and the filters read (not the pipeline: this
measures the ledger, not the import), then times: the baseline run (every key recorded), a run
after an « import » that adds --fresh contracts, counted for --targets follows.

    DJANGO_SETTINGS_MODULE=config.settings.dev APURE_DATA_DIR=/tmp/follow-bench \\
        .venv/bin/python bench/follow_bench.py --contracts 1000000 --fresh 10000 --targets 500
"""

import argparse
import json
import os
import resource
import time

import django
import duckdb

STORE_SQL = """
CREATE TABLE contracts AS
SELECT printf('%014d/%d', 21590000000000 + (i % 5000), i) AS uid,
       printf('%014d', 21590000000000 + (i % 5000)) AS buyer_siret,
       ['59', '62', '80', '60', '02', '75', '69'][1 + i % 7] AS departement,
       NULL::VARCHAR AS buyer_departement,
       CASE WHEN i % 7 < 5 THEN '32' ELSE '11' END AS region, NULL::VARCHAR AS buyer_region,
       'commune' AS buyer_kind, printf('%08d', 90911200 + (i % 97) * 10000) AS cpv,
       substr(printf('%08d', 90911200 + (i % 97) * 10000), 1, 2) AS cpv_division,
       2019 + i % 7 AS year, 'Procédure adaptée' AS procedure, 1000.0 * (i % 900) AS amount,
       'marche' AS kind, false AS is_test
FROM range(?) t(i)
"""


def write_store(path, count, run_id):
    temporary = f"{path}.building"
    if os.path.exists(temporary):
        os.remove(temporary)
    connection = duckdb.connect(temporary)
    connection.execute(STORE_SQL, [count])
    connection.execute(
        "CREATE TABLE imports AS SELECT ? AS run_id, now()::TIMESTAMP AS finished_at, "
        "'ok' AS status",
        [run_id],
    )
    connection.close()
    os.replace(temporary, path)


def measured(label, function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, {
        "step": label,
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--fresh", type=int, default=10_000)
    parser.add_argument("--targets", type=int, default=500)
    options = parser.parse_args()
    django.setup()
    from apure.decp import store
    from apure.follow import ledger
    from apure.observatory import geography, segments
    from apure.observatory.filters import Filters

    path = store.analytics_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (ledger.ledger_path(), path):
        leftover.unlink(missing_ok=True)
    targets = {}
    buyers = [f"{21590000000000 + n:014d}" for n in range(options.targets)]
    for n, siret in enumerate(buyers):
        targets[("buyer", siret)] = Filters.build(buyer=siret)
        if n < len(segments.all_segments()):
            targets[("segment", segments.all_segments()[n].code)] = Filters.build(
                segment=segments.all_segments()[n].code, region="32"
            )
    for code in geography.departements_of("32"):
        targets[("departement", code)] = Filters.build(departement=code)
    write_store(path, options.contracts, "run-1")
    steps = []
    _, step = measured("baseline", lambda: ledger.collect(targets, set()))
    steps.append(step)
    write_store(path, options.contracts + options.fresh, "run-2")
    batches, step = measured("after import", lambda: ledger.collect(targets, {"run-1"}))
    steps.append(step)
    print(json.dumps({
        "contracts": options.contracts, "fresh": batches[0].fresh, "targets": len(targets),
        "targets_with_news": len(batches[0].counts), "steps": steps,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "ledger_mb": round(ledger.ledger_path().stat().st_size / 2**20, 1),
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
