#!/usr/bin/env python3
"""Benchmark of `apure decp_import` on synthetic DECP data with a known ground truth.

    .venv/bin/python bench/decp_bench.py --contracts 1000000 --data /work/bench-data

Generates the data once with bench/decp_synth.py (kept in --data and reused), imports
it into a fresh data directory, prints wall time and peak memory (sum of the RSS of the import
process and its workers, sampled every 50 ms, and the largest single process), then checks the
import figures and the SQL figures of the contracts table against the truth file with
bench/check_truth.py.
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
    returncode, output, wall, peak = run_import(synth, env)
    max_single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if returncode != 0:
        print(output.decode()[:2000])
        return returncode
    imported = json.loads(output)
    (work / "import.json").write_text(json.dumps(imported))
    (work / "indicators.json").write_text(json.dumps(indicators(work / "decp.duckdb")))
    print(
        f"file: {synth} ({synth.stat().st_size / 1e9:.2f} GB), {imported['records_read']} records"
    )
    print(f"wall time: {wall:.1f} s (import's own figure {imported['seconds']} s)")
    print(f"phases: {imported.get('timings')}")
    print(
        f"peak memory: {peak / 1e9:.2f} GB (process tree RSS), "
        f"{max_single / 1e9:.2f} GB (largest process)"
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
