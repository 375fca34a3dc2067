"""One import at a time: a killed import takes its workers and its lock with it, and an import
that finds another one running says so, waits, and gives up after a bounded time."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from apure.decp import store
from apure.decp.importer import import_lock

from .conftest import REPO, marche, query, write_2022

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# An import whose two parse workers take a long time over their ranges: small thresholds
# make a small file parallel, and each range sleeps first (the workers are forked, so they
# run the patched module).
SLOW_PARALLEL_IMPORT = textwrap.dedent(
    """
    import sys, time
    import django

    django.setup()
    from apure.decp import parse
    from apure.decp.importer import run_import

    parse.PARALLEL_MIN_BYTES, parse.RANGE_MIN = 1, 1024
    parse_range = parse._parse_range

    def slow_range(*args):
        time.sleep(120)
        return parse_range(*args)

    parse._parse_range = slow_range
    run_import([sys.argv[1]], workers=2)
    """
)


@pytest.fixture
def data_dir(settings, tmp_path):
    """A data folder shared by this test and the imports it runs in other processes."""
    folder = tmp_path / "data"
    folder.mkdir()
    settings.ANALYTICS_DB_PATH = folder / "decp.duckdb"
    store.close()
    yield folder
    store.close()


def environment(data_dir: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "APURE_TEST_DATA_DIR": str(data_dir),
        "APURE_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(REPO),  # this checkout, even for a script run from elsewhere
        **extra,
    }


def apure_import(data_dir: Path, path: Path, **extra) -> subprocess.CompletedProcess:
    """`apure decp_import path` in its own process; a hang fails the test (timeout)."""
    return subprocess.run(
        [sys.executable, "-m", "apure.cli", "decp_import", str(path)],
        cwd=REPO,
        env=environment(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_killing_an_import_ends_its_workers_and_frees_the_lock(data_dir, tmp_path):
    big = write_2022(tmp_path / "big.json", [marche(id=f"B{n}") for n in range(60)])
    script = tmp_path / "slow_import.py"
    script.write_text(SLOW_PARALLEL_IMPORT)
    importer = subprocess.Popen(
        [sys.executable, str(script), str(big)], cwd=REPO, env=environment(data_dir)
    )
    workers = []
    try:
        assert wait_until(lambda: len(children(importer.pid)) >= 2, 60), "workers started"
        workers = children(importer.pid)
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait(timeout=10)

        assert wait_until(lambda: not any(map(alive, workers)), 5), "workers ended with it"
        started = time.monotonic()
        done = apure_import(
            data_dir,
            write_2022(tmp_path / "next.json", [marche(id="N1")]),
            APURE_IMPORT_LOCK_TIMEOUT="20",
        )
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 30
        assert "attente" not in done.stderr  # nothing held the lock any more
        assert query("SELECT uid FROM contracts") == [("21590163800019/N1",)]
    finally:  # whatever happened, nothing of this test goes on running
        for pid in {importer.pid, *workers, *children(importer.pid)}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        importer.wait(timeout=10)


def test_an_import_waits_for_the_running_one_then_gives_up_with_a_french_message(
    data_dir, tmp_path
):
    path = write_2022(tmp_path / "one.json", [marche()])
    with import_lock(data_dir / "decp.duckdb"):
        started = time.monotonic()
        waiting = apure_import(data_dir, path, APURE_IMPORT_LOCK_TIMEOUT="1")
        waited = time.monotonic() - started

    assert waiting.returncode != 0
    assert f"Un autre import est en cours (PID {os.getpid()})\u00a0: attente…" in waiting.stderr
    assert "Import impossible\u00a0: un autre import est en cours" in waiting.stderr
    assert "APURE_IMPORT_LOCK_TIMEOUT" in waiting.stderr
    assert "Traceback" not in waiting.stderr
    assert 1 <= waited < 30
    assert not (data_dir / "decp.duckdb").exists()  # it imported nothing

    # Once the lock is free, the same command imports at once, without waiting.
    done = apure_import(data_dir, path, APURE_IMPORT_LOCK_TIMEOUT="1")
    assert done.returncode == 0, done.stderr
    assert "attente" not in done.stderr
    assert query("SELECT count(*) FROM contracts") == [(1,)]
