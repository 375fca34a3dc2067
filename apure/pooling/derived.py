"""A narrow copy of the store's marchés, ordered by territory and CPV, for the pooling queries.

A pooling page reads the marchés of one territory and one kind of purchase. In the store they
are spread over every row group (the importer orders contracts by buyer SIRET), so each page
scans the whole period and then aggregates on DuckDB's threads. This copy holds only what the
pooling queries read (marchés, test records left out, the expected end computed once), ordered
by région, département and CPV in small row groups: DuckDB's zone maps then skip all but the
few row groups of the territory. It is read on its own connection with one thread, which on a
busy server spends less CPU than several threads on a few thousand rows (bench/RESULTS.md).

Built once per store version (the store only changes by an atomic swap, which changes its
version), lazily by the first pooling request, under a lock shared by the processes, next to
the store in `<store>.pooling/`; older copies are removed. When it cannot be built (disk full,
read-only folder) the queries read the store itself: same answers, only slower.
"""

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

import duckdb

from apure.decp import store
from apure.decp.build import memory_limit_mb as build_memory_mb
from apure.observatory import store_query
from apure.observatory.filters import Filters

logger = logging.getLogger(__name__)

TABLE = "pool"
CONTRACT_KIND = "marche"  # a concession is not pooled with others
# Small row groups: the marchés of a département × CPV division fill a few of them, and zone
# maps skip the others (DuckDB's default, 122,880 rows, would hold several départements).
ROW_GROUP_SIZE = 8192
THREADS = 1

# The expected end: notification + duration (see calendar.py), computed once here; the
# framework agreement as the store defines it (store_query.framework_sql).
COLUMNS = """uid, buyer_siret, buyer_siren, buyer_name, object, cpv, cpv_division, nature,
    procedure, amount, duration_months, notification_date, year, is_test,
    {framework} AS framework_agreement,
    coalesce(region, buyer_region) AS place_region,
    coalesce(departement, buyer_departement) AS place_departement,
    {end_date} AS end_date"""
# The copy's own layout: changed with COLUMNS, so that a copy written by an earlier version
# of apure for the same store is not read (its name changes: path_for).
LAYOUT = 2

_lock = threading.Lock()
_state = {"path": None, "connection": None}


def folder() -> Path:
    path = store.analytics_path()
    return path.with_name(f"{path.name}.pooling")


def path_for(version) -> Path:
    key = json.dumps([LAYOUT, version], default=str)
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return folder() / f"{digest}.duckdb"


def cursor():
    """A cursor on the copy of the current store, built if need be; None when there is no
    store, or when the copy cannot be built (then read the store itself)."""
    version = store_query.store_version()
    if version is None:
        return None
    path = path_for(version)
    with _lock:
        if _state["path"] != path:
            try:
                if not path.exists():
                    build(path)
                connection = duckdb.connect(str(path), read_only=True)
                connection.execute(f"SET threads = {THREADS}")
            except (OSError, duckdb.Error):
                logger.exception("Copie de mutualisation impossible\u00a0: lecture de l'entrepôt")
                return None
            _close()
            _state.update(path=path, connection=connection)
        return _state["connection"].cursor()


def prepare() -> None:
    """Build the copy of the current store if it is missing (after an import)."""
    handle = cursor()
    if handle is not None:
        handle.close()


def build(path: Path) -> None:
    """Write the copy for the current store at `path` (once, whichever process comes first)."""
    from .calendar import END_DATE_SQL

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building the same copy
        if path.exists():
            return
        # What a killed build left (its part and the sort spilled beside it) goes first.
        for stale in path.parent.glob("*.part*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        handle, part = tempfile.mkstemp(dir=path.parent, suffix=".part")
        os.close(handle)
        os.unlink(part)  # DuckDB creates the file itself
        try:
            connection = duckdb.connect()
            try:
                connection.execute(f"SET threads = {THREADS + 1}")
                # Bounded like the import (a web process may build it): DuckDB's default, 80 %
                # of the machine, let the sort of a 10 M store take 4.2 GB; beyond the limit
                # it sorts on disk, beside the copy.
                connection.execute(f"SET memory_limit = '{build_memory_mb(0)}MB'")
                connection.execute("SET temp_directory = ?", [f"{part}.tmp"])
                connection.execute("ATTACH ? AS source (READ_ONLY)", [str(store.analytics_path())])
                connection.execute(f"ATTACH ? AS copy (ROW_GROUP_SIZE {ROW_GROUP_SIZE})", [part])
                found = connection.execute(
                    "SELECT column_name FROM duckdb_columns() "
                    "WHERE database_name = 'source' AND table_name = 'contracts'"
                ).fetchall()
                framework = store_query.framework_sql(columns={name for (name,) in found})
                columns = COLUMNS.format(end_date=END_DATE_SQL, framework=framework)
                connection.execute(
                    f"""CREATE TABLE copy.{TABLE} AS
                    SELECT {columns} FROM source.contracts
                    WHERE kind = ? AND NOT coalesce(is_test, false)
                    ORDER BY place_region, place_departement, cpv, year""",  # noqa: S608
                    [CONTRACT_KIND],
                )
            finally:
                connection.close()
            os.replace(part, path)
        finally:
            shutil.rmtree(f"{part}.tmp", ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{part}.wal")
        _prune(path)


def _prune(current: Path) -> None:
    # A process still reading an older copy keeps it open until it notices the new version.
    for stale in current.parent.glob("*.duckdb"):
        if stale != current:
            stale.unlink(missing_ok=True)


def _close():
    if _state["connection"] is not None:
        _state["connection"].close()
    _state.update(path=None, connection=None)


def close():
    """Forget the cached connection (tests)."""
    with _lock:
        _close()


def fetch_dicts(sql: str, params=()) -> list[dict] | None:
    """Rows of a query on the copy as dicts; None when it is not available."""
    handle = cursor()
    if handle is None:
        return None
    try:
        result = handle.execute(sql, list(params))
        columns = [column[0] for column in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    finally:
        handle.close()


def territory_period_where(filters: Filters, extra: tuple[str, list]) -> tuple[str, list]:
    """The condition of `filters` (period and territory of a pooling view) on the copy's
    columns: the territory rule (place of execution, else the buyer's) is a column there, so
    zone maps apply. `extra` is a condition the filters cannot say (an EPCI's buyers)."""
    unsupported = filters.without("years", "region", "departement", "kind")
    if unsupported != Filters() or filters.kind != CONTRACT_KIND:
        raise ValueError(f"condition not held by the pooling copy: {filters}")
    clauses, params = ["true"], []
    if filters.years:
        clauses.append(f"year IN ({', '.join('?' for _ in filters.years)})")
        params.extend(filters.years)
    if filters.region:
        clauses.append("place_region = ?")
        params.append(filters.region)
    if filters.departement:
        clauses.append("place_departement = ?")
        params.append(filters.departement)
    if extra[0]:
        clauses.append(extra[0])
        params.extend(extra[1])
    return " AND ".join(clauses), params
