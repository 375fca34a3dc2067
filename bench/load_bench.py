"""Load test of the site served by gunicorn, on loopback, with locust (bench/locustfile.py).

    .venv/bin/python bench/decp_synth.py --contracts 300000 --out /tmp/load-300k.json \
        --truth /tmp/load-truth.json
    APURE_DATA_DIR=/tmp/load-data .venv/bin/apure demo
    APURE_DATA_DIR=/tmp/load-data .venv/bin/apure decp_import /tmp/load-300k.json
    .venv/bin/python bench/load_bench.py --data-dir /tmp/load-data --port 8741 --users 50 100

Starts gunicorn with deploy/gunicorn.conf.py and the production settings on 127.0.0.1 only,
visits every kind of page once (the cache of a running site is warm), then runs locust headless
once per number of users, each run bounded by --duration and --max-requests. Prints one
Markdown row per run with the load average before and after it: on a shared machine, figures
taken under load understate what the server can do. Stops gunicorn at the end, whatever happens.
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
# Targets of issue 15: p95 at 50 users, throughput and errors at 100 users.
P95_TARGET_MS = 200
THROUGHPUT_TARGET = 100


def production_env(data_dir, port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "APURE_SITE_URL": f"http://127.0.0.1:{port}",
        "APURE_PUBLISHER": "banc de charge",
        "APURE_HOSTING": "banc de charge",
        "APURE_DATA_DIR": str(data_dir),
        "APURE_BIND": f"127.0.0.1:{port}",
    }


def busiest_buyers(data_dir, count=200):
    connection = duckdb.connect(str(Path(data_dir) / "decp.duckdb"), read_only=True)
    try:
        rows = connection.execute(
            "SELECT buyer_siret FROM contracts GROUP BY 1 ORDER BY count(*) DESC LIMIT ?", [count]
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn ne répond pas sur {url}")


def warm_up(host, buyers):
    """One request per kind of page, so that the runs measure a site whose cache is warm."""
    paths = [
        "/", "/observatoire/", "/observatoire/?region=32", "/observatoire/territoires/region/32/",
        f"/observatoire/acheteurs/{buyers[0]}/", "/observatoire/marches/?page=1",
        "/observatoire/indicateurs/part_sociale/", "/api/indicateurs/", "/api/marches/?page=1",
        f"/api/acheteurs/{buyers[0]}/", "/reseau/", "/reseau/actualites/", "/reseau/evenements/",
    ]  # fmt: skip
    for path in paths:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(host + path, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        print(f"  chauffe {path} : {status} en {1000 * (time.monotonic() - started):.0f} ms")


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_locust(host, users, args, buyers, prefix):
    command = [
        str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--host", host, "-u", str(users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
        "--max-requests", str(args.max_requests),
        "--csv", str(prefix), "--summary-file", f"{prefix}.json",
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_BUYERS": ",".join(buyers)}
    print("  $ " + " ".join(command))
    subprocess.run(command, env=env, check=False)
    return json.loads(Path(f"{prefix}.json").read_text())


def verdict(users, summary):
    p95, errors, rate = summary["p95"], summary["failures"], summary["rps"]
    checks = []
    if users == 50:
        checks.append(f"p95 ≤ {P95_TARGET_MS} ms : {'oui' if p95 <= P95_TARGET_MS else 'non'}")
    if users == 100:
        checks.append(
            f"≥ {THROUGHPUT_TARGET} req/s : {'oui' if rate >= THROUGHPUT_TARGET else 'non'}"
        )
        checks.append(f"0 erreur : {'oui' if errors == 0 else 'non'}")
    return ", ".join(checks) or "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="APURE_DATA_DIR of the store")
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--users", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--max-requests", type=int, default=20000, help="per run")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        help="gunicorn option over deploy/gunicorn.conf.py, e.g. --server-option=--workers=4",
    )
    parser.add_argument("--out", type=Path, default=Path("/tmp/load-results"), help="CSV folder")
    args = parser.parse_args()

    host = f"http://127.0.0.1:{args.port}"
    env = production_env(args.data_dir.resolve(), args.port)
    args.out.mkdir(parents=True, exist_ok=True)
    buyers = busiest_buyers(args.data_dir)
    subprocess.run(
        [str(VENV_BIN / "apure"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    server_command = [
        str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
        *args.server_option,
    ]  # fmt: skip
    print("$ " + " ".join(server_command))
    with (args.out / "gunicorn.log").open("w") as log:
        # Its own process group, so that stopping it also stops its workers.
        server = subprocess.Popen(
            server_command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    rows = []
    try:
        wait_until_up(host + "/")
        warm_up(host, buyers)
        for users in args.users:
            before = load_average()
            row = run_locust(host, users, args, buyers, args.out / f"u{users}")
            rows.append((users, before, load_average(), row))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=40)

    print(
        "\n| utilisateurs | requêtes | erreurs | req/s | p50 ms | p95 ms | p99 ms | max ms "
        "| charge avant | charge après | cibles |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for users, before, after, summary in rows:
        print(
            f"| {users} | {summary['requests']} | {summary['failures']} | {summary['rps']:.1f} "
            f"| {summary['p50']} | {summary['p95']} | {summary['p99']} | {summary['max']:.0f} "
            f"| {before} | {after} | {verdict(users, summary)} |"
        )


if __name__ == "__main__":
    main()
