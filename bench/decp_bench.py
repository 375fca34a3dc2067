#!/usr/bin/env python3
"""Benchmark of `apure decp_import` on synthetic DECP data with a known ground truth.

    .venv/bin/python bench/decp_bench.py --contracts 1000000 --data /work/bench-data

Generates the data once with bench/decp_synth.py (kept in --data and reused), imports
it into a fresh data directory, prints wall time and peak memory (sum of the RSS of the import
process and its workers, sampled every 50 ms, and the largest single process), then checks the
import figures and the SQL figures of the contracts table against the truth file with
bench/check_truth.py.

With --baseline, the same run also times four plain parses of the same file, each in a
subprocess (wall time, CPU time of the process and its children, peak RSS), and prints the
ratio of the import's wall time to each:

- `ijson`: the reference of issue #16, « a plain ijson streaming parse (`yajl2_c`) reading every
  contract of the file »: `ijson.items` over the file's array of marchés (format 2022
  `marches.marche.item`, format 2019 `marches.item`), one process, default options; the whole
  file is parsed (the few concessions after the marchés are tokenised, not built);
- `stdlib`: « plain streaming parse »: every contract of the file decoded by the standard
  library's C decoder (`json.JSONDecoder.raw_decode`) through the project's streaming reader
  (`apure/decp/readers/jsonstream.JsonRecords`), one process, nothing else done with them:
  a second reference, about 1.4× faster than ijson on the same file;
- `orjson-ranges`: the importer's own decoding floor: the byte ranges the importer splits the
  file into, decoded by orjson a piece at a time (`parse.fast_pieces`), by as many processes
  as the import uses, and nothing else (no normalisation, no Parquet, no store);
- `duckdb-ranges`: the floor of a SQL engine for the field rules (issue #16's suggestion, « the
  field rules as SQL over whole columns »): the same ranges written as JSON arrays to a
  memory-backed file and read by DuckDB's JSON reader (`read_json_objects`, one thread per
  process, as many processes as the import), with only what any such engine must do before its
  first rule: the 20 fields the engine reads extracted in one pass, the record's keys listed
  (a repeated key is read differently by DuckDB and orjson), the fingerprint (SHA-1 of the
  record written compactly); the last range, which holds the end of the file, is decoded by
  orjson as in `orjson-ranges`.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def tree_rss(root_pid: int) -> int:
    """RSS in bytes of a process and its descendants."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError):
            continue
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_import(path: Path, env: dict) -> tuple[int, bytes, float, int]:
    """`apure decp_import PATH --json` in a subprocess: (exit status, output, wall seconds,
    peak RSS of the process tree sampled every 50 ms)."""
    command = [sys.executable, "-m", "apure", "decp_import", str(path), "--json"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    output = process.stdout.read()
    return process.returncode, output, time.monotonic() - started, peak


BASELINE_CODE = r"""
import json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

kind, path, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])


def ijson_items(path):
    import ijson

    assert ijson.backend == "yajl2_c", ijson.backend  # the C backend, as the issue says
    for prefix in ("marches.marche.item", "marches.item"):
        with open(path, "rb") as handle:
            count = sum(1 for _ in ijson.items(handle, prefix))
        if count:
            return count
    return 0


def stdlib(path):
    from apure.decp.readers.jsonstream import JsonRecords

    with open(path, "rb") as handle:
        return sum(1 for _ in JsonRecords(handle))


def decode_range(path, start, end, stack, fragment, first_key):
    from apure.decp import parse

    stream = parse._Slice(path, start, end)
    try:
        return sum(len(records) for _hint, records in
                   parse.fast_pieces(stream, stack, fragment, first_key))
    finally:
        stream.close()


def orjson_ranges(path, workers):
    from apure.decp import parse

    ranges = max(1, min(workers * parse.RANGES_PER_WORKER,
                        path.stat().st_size // parse.RANGE_MIN))
    _start, stack, points, first_key = parse._plan(path, ranges)
    with ProcessPoolExecutor(workers) as pool:
        jobs = [pool.submit(decode_range, str(path), points[k],
                            points[k + 1] if k + 1 < len(points) else None, stack,
                            k + 1 < len(points), first_key) for k in range(len(points))]
        return sum(job.result() for job in jobs)


SQL_FIELDS = ("id", "acheteur", "objet", "montant", "codeCPV", "dateNotification",
              "datePublicationDonnees", "dureeMois", "lieuExecution", "considerationsSociales",
              "considerationsEnvironnementales", "titulaires", "nature", "procedure",
              "techniques", "modifications", "_type", "acheteur.id", "acheteur.nom",
              "lieuExecution.code")


def duckdb_range(path, start, end):
    import tempfile

    import duckdb

    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start).rstrip().rstrip(b",")
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.NamedTemporaryFile(suffix=".json", dir=shm) as scratch:
        scratch.write(b"[" + data + b"]")
        scratch.flush()
        del data
        connection = duckdb.connect()
        connection.execute("SET threads = 1")
        paths = ", ".join("'$.\"" + name + "\"'" for name in SQL_FIELDS)
        return connection.execute(
            f"SELECT count(*), count(DISTINCT digest), max(len(keys)), max(len(p)) FROM ("
            f"SELECT json_extract(json, [{paths}]) AS p, json_keys(json) AS keys, "
            "left(sha1(json(json)::VARCHAR), 24) AS digest "
            "FROM read_json_objects(?, format = 'array'))", [scratch.name]
        ).fetchone()[0]


def duckdb_ranges(path, workers):
    from apure.decp import parse

    ranges = max(1, min(workers * parse.RANGES_PER_WORKER,
                        path.stat().st_size // parse.RANGE_MIN))
    _start, stack, points, first_key = parse._plan(path, ranges)
    with ProcessPoolExecutor(workers) as pool:
        jobs = [pool.submit(decode_range, str(path), points[-1], None, stack, False, first_key)]
        jobs += [pool.submit(duckdb_range, str(path), points[k], points[k + 1])
                 for k in range(len(points) - 1)]
        return sum(job.result() for job in jobs)


if kind == "ijson":
    records = ijson_items(path)
elif kind == "duckdb-ranges":
    records = duckdb_ranges(path, workers)
elif kind == "stdlib":
    records = stdlib(path)
else:
    records = orjson_ranges(path, workers)
print(json.dumps({"records": records}))
"""


def run_baseline(kind: str, path: Path, workers: int) -> dict:
    """One plain parse of the file (see the module's docstring) in a subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-c", BASELINE_CODE, kind, str(path), str(workers)]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    records = json.loads(process.stdout.read())["records"]
    return {"kind": kind, "wall": wall, "cpu": cpu, "peak": peak, "records": records}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def indicators(db_path: Path) -> dict:
    """The figures check_truth.py compares, in plain SQL on the contracts table."""
    con = duckdb.connect(str(db_path), read_only=True)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    result = {
        "contracts": one("SELECT count(*) FROM contracts"),
        "by_year": dict(
            con.execute(
                "SELECT CAST(year AS VARCHAR), count(*) FROM contracts WHERE year IS NOT NULL "
                "GROUP BY year ORDER BY year"
            ).fetchall()
        ),
        "social": {"yes": one("SELECT count(*) FROM contracts WHERE social = 'yes'")},
        "environmental": {"yes": one("SELECT count(*) FROM contracts WHERE environmental = 'yes'")},
        "amount_eur": one("SELECT sum(amount) FROM contracts WHERE kind = 'marche'"),
    }
    con.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--data", default="/work/bench-data")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also time four plain parses of the same file (see above) and give the ratios",
    )
    args = parser.parse_args()
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    label = (
        f"{args.contracts // 1000}k"
        if args.contracts < 1_000_000
        else f"{args.contracts // 1_000_000}m"
    )
    synth, truth = data / f"synth-{label}.json", data / f"truth-{label}.json"
    if not synth.exists() or not truth.exists():
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "decp_synth.py"),
                "--contracts",
                str(args.contracts),
                "--out",
                str(synth),
                "--truth",
                str(truth),
            ],
            check=True,
        )
    work = Path(tempfile.mkdtemp(prefix="decp-bench-"))
    env = dict(os.environ, APURE_DATA_DIR=str(work))
    if args.workers:
        env["APURE_DECP_WORKERS"] = str(args.workers)
    print(f"load average before the import: {load_average()}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    returncode, output, wall, peak = run_import(synth, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    max_single = after.ru_maxrss * 1024
    if returncode != 0:
        print(output.decode()[:2000])
        return returncode
    imported = json.loads(output)
    (work / "import.json").write_text(json.dumps(imported))
    (work / "indicators.json").write_text(json.dumps(indicators(work / "decp.duckdb")))
    print(
        f"file: {synth} ({synth.stat().st_size / 1e9:.2f} GB), {imported['records_read']} records"
    )
    print(
        f"wall time: {wall:.1f} s (import's own figure {imported['seconds']} s), "
        f"CPU time {import_cpu:.1f} s (process and workers), load average after: "
        f"{load_average()}"
    )
    print(f"phases: {imported.get('timings')}")
    marks = imported.get("peak_memory_gb")
    print(f"memory high-water marks at the end of each phase (GB): {marks}")
    print(
        f"peak memory: {peak / 1e9:.2f} GB (process tree RSS), "
        f"{max_single / 1e9:.2f} GB (largest process)"
    )
    if args.baseline:
        workers = args.workers or os.cpu_count() or 1
        for kind in ("ijson", "stdlib", "orjson-ranges", "duckdb-ranges"):
            base = run_baseline(kind, synth, workers)
            print(
                f"baseline {kind}: {base['records']} records, wall {base['wall']:.1f} s, "
                f"CPU {base['cpu']:.1f} s, peak {base['peak'] / 1e9:.2f} GB, load average "
                f"after: {load_average()}; import / baseline: wall {wall / base['wall']:.2f}, "
                f"CPU {import_cpu / base['cpu']:.2f}"
            )
    check = subprocess.run(
        [
            sys.executable,
            str(BENCH / "check_truth.py"),
            str(truth),
            str(work / "import.json"),
            str(work / "indicators.json"),
        ],
        check=False,
    )
    return check.returncode


if __name__ == "__main__":
    sys.exit(main())
