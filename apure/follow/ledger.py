"""When each contract of the store was first seen: the basis of « new contracts ».

The store is rebuilt from scratch at each import and a contract's row carries no date of
arrival (a re-read file, `decp_import --force`, or a later modification keep or change it), so
« new » cannot be read from the store alone. This ledger, a small DuckDB file beside the store
(`<store>-suivis.duckdb`), keeps every contract key (`uid`) with the import in which it was first
seen. After each import, the keys not yet in the ledger are added under that import's run id:
they are the new contracts of that import, whatever their dates or their source file.

The first time (empty ledger) every contract is recorded as a baseline and nobody gets a
digest: following starts from the store as it is. A lost ledger only costs one digest
(the next run is a baseline again), never a flood of old contracts.
"""

import fcntl
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from apure.decp import store

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS seen (uid VARCHAR NOT NULL, run_id VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR NOT NULL, seen_at TIMESTAMP, "
    "baseline BOOLEAN, fresh BIGINT)",
)


@dataclass
class Batch:
    """The new contracts of one import: how many, and how many per followed target."""

    run_id: str
    baseline: bool
    fresh: int
    counts: dict = field(default_factory=dict)


def ledger_path() -> Path:
    served = store.analytics_path()
    return served.with_name(f"{served.stem}-suivis.duckdb")


@contextmanager
def _locked():
    """One writer at a time (two notify runs, or the command beside a timer)."""
    lock_path = ledger_path().with_name(ledger_path().name + ".lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def keys_count(path: Path) -> int:
    """Contract keys recorded in a ledger file; a DuckDB error when it is not one."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return connection.execute("SELECT count(*) FROM seen").fetchone()[0]
    finally:
        connection.close()


def copy_to(copy: Path) -> int | None:
    """Copy the ledger to `copy` (`apure backup`) and return its number of keys; None when
    there is none yet. Unlike the store, the ledger is written in place: the copy is taken
    under the writers' lock, after a checkpoint has folded any write-ahead log into the file,
    so it is one consistent state even while `follow_notify` runs beside it."""
    if not ledger_path().exists():
        return None
    with _locked():
        if not ledger_path().exists():
            return None
        connection = duckdb.connect(str(ledger_path()))
        try:
            connection.execute("CHECKPOINT")
        finally:
            connection.close()
        shutil.copyfile(ledger_path(), copy)
    return keys_count(copy)


def replace_with(staged: Path | None) -> None:
    """Put a restored ledger in place with one rename (`apure restore`); None removes the
    served one, so that a ledger of other data never decides what is « new » (the next run is
    a baseline)."""
    with _locked():
        # A log left by the previous file must never be replayed onto the restored one.
        _wal(ledger_path()).unlink(missing_ok=True)
        if staged is None:
            ledger_path().unlink(missing_ok=True)
        else:
            os.replace(staged, ledger_path())


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def collect(targets: dict, done: set) -> list[Batch]:
    """Record the served store's import in the ledger, then count, for each import of the
    ledger not in `done` (already turned into digests), its new contracts per target.

    `targets` maps a key to a `Filters`; counts are only given for targets with new contracts.
    Returns [] when nothing has been imported yet."""
    served = store.analytics_path()
    if not served.exists():
        return []
    with _locked():
        connection = duckdb.connect(str(ledger_path()))
        try:
            connection.execute("SET threads = 1")
            for statement in SCHEMA:
                connection.execute(statement)
            # The file is opened once: a swap during this run does not change what is read.
            connection.execute(f"ATTACH {_quoted(served)} AS served (READ_ONLY)")
            _record_served_run(connection)
            batches = []
            runs = connection.execute(
                "SELECT run_id, baseline, fresh FROM runs ORDER BY seen_at, run_id"
            ).fetchall()
            for run_id, baseline, fresh in runs:
                if run_id in done:
                    continue
                batch = Batch(run_id, bool(baseline), int(fresh or 0))
                if not baseline and fresh:
                    batch.counts = _counts(connection, run_id, targets)
                batches.append(batch)
            return batches
        finally:
            connection.close()


def _record_served_run(connection) -> None:
    row = connection.execute(
        "SELECT run_id FROM served.imports WHERE status IN ('ok', 'partial') "
        "ORDER BY finished_at DESC NULLS LAST, run_id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return
    run_id = row[0]
    if connection.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone():
        return
    baseline = connection.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    connection.execute("BEGIN TRANSACTION")
    connection.execute(
        "INSERT INTO seen SELECT c.uid, ? FROM served.contracts c "
        "WHERE NOT EXISTS (SELECT 1 FROM seen s WHERE s.uid = c.uid)",
        [run_id],
    )
    fresh = connection.execute("SELECT count(*) FROM seen WHERE run_id = ?", [run_id]).fetchone()
    connection.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?)",
        [run_id, datetime.now(UTC).replace(tzinfo=None), baseline, fresh[0]],
    )
    connection.execute("COMMIT")


def _counts(connection, run_id, targets) -> dict:
    """New contracts of `run_id` per target; the run's contracts are set apart first, so each
    target's filter scans only them."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS SELECT c.* FROM served.contracts c "
        "WHERE c.uid IN (SELECT uid FROM seen WHERE run_id = ?)",
        [run_id],
    )
    counts = {}
    for key, filters in targets.items():
        where, params = filters.where()
        found = connection.execute(f"SELECT count(*) FROM fresh WHERE {where}", params).fetchone()  # noqa: S608 (bound values)
        if found[0]:
            counts[key] = found[0]
    return counts
