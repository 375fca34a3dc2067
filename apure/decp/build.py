"""Build a new version of the analytical store beside the served one (docs/ANALYTICS_SCHEMA.md).

The new file holds the staging tables (every normalised record ever imported, with its
holders and notes, and the list of imported files) and the served tables rebuilt from them
with SQL: exact duplicates collapse, then each key keeps its latest publication. Because the
served tables are always rebuilt from all staged records, importing files one at a time or
all at once gives the same result.
"""

import contextlib
import json
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa

from .checks import CHECKS
from .geo import geography, kind_from_siren_series_sql
from .normalise import COLUMNS, FRAMEWORK_NATURE, HOLDER_COLUMNS, NOTE_COLUMNS

# Buyers the reference table does not know: the State series of SIREN numbers (geo.py).
STATE_KIND_SQL = kind_from_siren_series_sql("r.buyer_siret")

STAGING_DDL = [
    """CREATE TABLE IF NOT EXISTS files (
        file_seq INTEGER, run_id VARCHAR, path VARCHAR, name VARCHAR, sha256 VARCHAR,
        size BIGINT, format VARCHAR, records BIGINT, status VARCHAR, error VARCHAR,
        seconds DOUBLE)""",
    "CREATE TABLE IF NOT EXISTS records (file_seq INTEGER, "
    + ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    + ")",
    "CREATE TABLE IF NOT EXISTS record_holders (file_seq INTEGER, "
    + ", ".join(f"{name} {kind}" for name, kind in HOLDER_COLUMNS)
    + ")",
    "CREATE TABLE IF NOT EXISTS record_notes (file_seq INTEGER, "
    + ", ".join(f"{name} {kind}" for name, kind in NOTE_COLUMNS)
    + ")",
    """CREATE TABLE IF NOT EXISTS imports (
        run_id VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR,
        files JSON, records_read BIGINT, contracts BIGINT, duplicates BIGINT,
        superseded BIGINT, seconds DOUBLE, notes JSON)""",
]
STAGING_TABLES = ["files", "records", "record_holders", "record_notes", "imports"]


# DuckDB's memory while the store is built. 700 MB holds the rebuild's sorts of about two
# million records; beyond, they spill to disk and the rebuild slows down much faster than the
# data grows (10.5 M records: 344 s at 700 MB, 75 s at 3 GB; bench/RESULTS.md). So the limit
# grows with the staged records, never beyond a quarter of the machine's memory, and
# APURE_IMPORT_MEMORY_MB sets it outright (README).
MEMORY_VARIABLE = "APURE_IMPORT_MEMORY_MB"
BASE_MEMORY_MB = 700
BASE_MEMORY_RECORDS = 2_000_000
MEMORY_MB_PER_MILLION = 300


# A container's memory limit (cgroup v2, then v1): what the import may really use.
CGROUP_LIMITS = ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")


def machine_memory_mb() -> int | None:
    """The memory this process may use, in MB: the machine's, or its container's if less."""
    found = []
    with contextlib.suppress(ValueError, OSError, AttributeError):
        found.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    for path in CGROUP_LIMITS:
        try:
            raw = Path(path).read_text(encoding="ascii").strip()
        except OSError:
            continue
        if raw.isdigit():  # "max" (v2) or a huge number (v1) when there is no limit
            found.append(int(raw))
    return min(found) // 2**20 if found else None


def memory_limit_mb(records: int) -> int:
    """DuckDB's memory limit, in MB, for building a store of `records` staged records."""
    raw = os.environ.get(MEMORY_VARIABLE, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    extra = max(0, records - BASE_MEMORY_RECORDS) * MEMORY_MB_PER_MILLION // 1_000_000
    wanted = BASE_MEMORY_MB + extra
    machine = machine_memory_mb()
    if machine:
        wanted = min(wanted, max(BASE_MEMORY_MB, machine // 4))
    return wanted


def connect_new(target: Path, previous: Path | None, memory_limit: str = f"{BASE_MEMORY_MB}MB"):
    """A connection on a fresh file holding the staging tables of `previous`, if any."""
    if target.exists():
        target.unlink()
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        wal.unlink()
    if previous is not None and previous.exists():
        # The previous version's file, copied as bytes: its staging tables come along at disk
        # speed (copying them table by table re-encoded every row: 62 s at 10 M records
        # against about 3 s). The served tables are dropped (rebuilt below), their blocks
        # reused by the new ones. The served file only changes by an atomic rename and is
        # checkpointed, so the copy is a consistent version.
        shutil.copyfile(previous, target)
    connection = duckdb.connect(str(target))
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(f"SET threads = {max(1, min(4, os.cpu_count() or 1))}")
    temp_dir = target.with_name(target.name + ".tmp")
    connection.execute(f"SET temp_directory = '{temp_dir}'")
    known = {
        row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    }
    served = sorted(known - set(STAGING_TABLES))
    for table in served:
        connection.execute(f"DROP TABLE {table}")
    if served:
        # Frees their blocks now: the rebuild reuses them instead of writing after them (the
        # file grew by two thirds at each import otherwise).
        connection.execute("CHECKPOINT")
    for statement in STAGING_DDL:
        connection.execute(statement)
    # A store written by an earlier version lacks the staging columns added since: add them
    # (NULL for the records it holds) so that its records stay and new parts fit.
    staged = {
        row[0]
        for row in connection.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'records'"
        ).fetchall()
    }
    for name, kind in COLUMNS:
        connection.execute(f"ALTER TABLE records ADD COLUMN IF NOT EXISTS {name} {kind}")
    if "framework_agreement" not in staged:
        # Until `decp_import --force` reads them again, its records keep what their 2019
        # nature said (normalise.LEGACY_FRAMEWORK_SQL): the framework agreements they were
        # counted as before; the others stay unknown.
        connection.execute(
            "UPDATE records SET framework_agreement = true WHERE nature = ?", [FRAMEWORK_NATURE]
        )
    return connection


def forget_file(connection, sha256: str) -> None:
    """Remove what earlier imports of a file staged (before it is staged again)."""
    seqs = "SELECT file_seq FROM files WHERE sha256 = ?"
    for table in ("records", "record_holders", "record_notes"):
        connection.execute(f"DELETE FROM {table} WHERE file_seq IN ({seqs})", [sha256])  # noqa: S608
    connection.execute("DELETE FROM files WHERE sha256 = ?", [sha256])


def next_file_seq(connection) -> int:
    return connection.execute("SELECT coalesce(max(file_seq), 0) + 1 FROM files").fetchone()[0]


def stage_parts(connection, file_seq: int, results) -> None:
    """Insert the Parquet parts of one file, one statement per table (DuckDB then reads the
    parts in parallel: about twice as fast as a statement per range); the record positions
    of parallel ranges are fixed by each part's offset."""
    offsets = {}
    for result in results:
        for table, path in result.parts:
            offsets.setdefault(table, {})[path] = int(result.index_offset)
    for table, target in (
        ("records", "records"),
        ("holders", "record_holders"),
        ("notes", "record_notes"),
    ):
        by_path = offsets.get(table)
        if not by_path:
            continue
        columns = {"records": COLUMNS, "holders": HOLDER_COLUMNS, "notes": NOTE_COLUMNS}[table]
        names = [name for name, _ in columns]
        select = ", ".join(
            "record_index + o.offset" if name == "record_index" else name for name in names
        )
        connection.execute(
            "CREATE OR REPLACE TEMP TABLE part_offsets AS "
            "SELECT unnest(?::VARCHAR[]) AS filename, unnest(?::BIGINT[]) AS offset",
            [list(by_path), list(by_path.values())],
        )
        connection.execute(
            f"INSERT INTO {target} (file_seq, {', '.join(names)}) "  # noqa: S608
            f"SELECT {int(file_seq)}, {select} FROM read_parquet(?, filename = true) p "
            "JOIN part_offsets o USING (filename)",
            [list(by_path)],
        )


def _load_reference(connection) -> None:
    rows = list(zip(*geography().buyer_rows(), strict=True))
    ref = pa.table(
        [pa.array(column, type=pa.string()) for column in rows],
        names=["siren", "kind", "departement", "region"],
    )
    connection.register("ref_buyers_arrow", ref)
    connection.execute("CREATE OR REPLACE TEMP TABLE ref_buyers AS SELECT * FROM ref_buyers_arrow")
    connection.unregister("ref_buyers_arrow")
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE ref_buyer_exact AS "
        "SELECT * FROM ref_buyers WHERE length(siren) = 9"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE ref_buyer_prefix AS "
        "SELECT * FROM ref_buyers WHERE length(siren) = 7"
    )
    # The checks table (checks.py) for the SQL: severities, and the message of the check
    # decided here, `key_reused`, cut around its {detail} (the number of versions).
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE checks (code VARCHAR, severity VARCHAR, "
        "message_before VARCHAR, message_after VARCHAR)"
    )
    connection.executemany(
        "INSERT INTO checks VALUES (?, ?, ?, ?)",
        [
            (check.code, check.severity, *check.message.partition("{detail}")[::2])
            for check in CHECKS.values()
        ],
    )


def rebuild(connection) -> dict:
    """(Re)create the served tables from the staging tables; returns the de-dup figures."""
    staged = connection.execute("SELECT count(*) FROM records").fetchone()[0]
    connection.execute(f"SET memory_limit = '{memory_limit_mb(staged)}MB'")
    _load_reference(connection)
    for table in ("contracts", "holders", "notes"):
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    # 1. exact duplicates: same content, the first publication read stays.
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE keyed AS
        SELECT file_seq, record_index, uid, last_publication,
               row_number() OVER (PARTITION BY content_hash
                                  ORDER BY file_seq, record_index) AS dup_rank
        FROM records"""
    )
    # 2. one row per key: the latest publication wins (then the latest file, record).
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE kept AS
        SELECT file_seq, record_index, uid, versions, versions_in_file FROM (
            SELECT *, row_number() OVER (PARTITION BY uid ORDER BY last_publication DESC NULLS
                       LAST, file_seq DESC, record_index DESC) AS rank,
                   count(*) OVER (PARTITION BY uid) AS versions,
                   count(*) OVER (PARTITION BY uid, file_seq, last_publication)
                       AS versions_in_file
            FROM keyed WHERE dup_rank = 1)
        WHERE rank = 1"""
    )
    counts = connection.execute(
        """SELECT count(*), count(*) FILTER (WHERE dup_rank > 1),
                  count(*) FILTER (WHERE dup_rank = 1) FROM keyed"""
    ).fetchone()
    records, duplicates, firsts = counts
    # Notes of the served records, plus those of records that could not be keyed, plus one
    # note on each key published several times with different contents in one file.
    connection.execute(
        """CREATE TABLE notes AS
        SELECT f.run_id, k.uid, f.name AS file, n.record_index, n.field, n.value, n.code,
               c.severity, n.message
        FROM record_notes n
        JOIN files f USING (file_seq)
        LEFT JOIN kept k USING (file_seq, record_index)
        LEFT JOIN checks c ON c.code = n.code
        WHERE k.uid IS NOT NULL OR NOT EXISTS (
            SELECT 1 FROM records r
            WHERE r.file_seq = n.file_seq AND r.record_index = n.record_index)
        UNION ALL
        SELECT f.run_id, k.uid, f.name, k.record_index, 'id', r.contract_id, c.code,
               c.severity, c.message_before || k.versions_in_file || c.message_after
        FROM kept k JOIN files f USING (file_seq)
        JOIN records r USING (file_seq, record_index)
        JOIN checks c ON c.code = 'key_reused'
        WHERE k.versions_in_file > 1"""
    )
    connection.execute(
        f"""CREATE TABLE contracts AS
        WITH note_counts AS (
            SELECT uid, count(*) AS n FROM notes WHERE uid IS NOT NULL GROUP BY uid)
        SELECT r.uid, r.contract_id, r.kind, r.buyer_siret,
               left(r.buyer_siret, 9) AS buyer_siren, r.buyer_name,
               coalesce(be.kind, bp.kind, r.buyer_kind_published, {STATE_KIND_SQL})
                   AS buyer_kind,
               coalesce(be.departement, bp.departement, r.buyer_departement_published)
                   AS buyer_departement,
               coalesce(be.region, bp.region, r.buyer_region_published) AS buyer_region,
               r.object, r.cpv, left(r.cpv, 2) AS cpv_division, r.nature, r.procedure,
               r.framework_agreement, r.techniques,
               r.amount, r.initial_amount, r.duration_months,
               CAST(r.notification_date AS DATE) AS notification_date,
               CAST(r.publication_date AS DATE) AS publication_date,
               CAST(year(CAST(r.notification_date AS DATE)) AS INTEGER) AS year,
               r.place_code, r.place_type, r.departement, r.region, r.holders_count,
               r.social, r.social_clause, r.social_criterion, r.social_reserved,
               r.environmental, r.env_clause, r.env_criterion,
               f.name AS source_file, f.format AS source_format,
               CAST(r.record_index AS INTEGER) AS record_index,
               CAST(coalesce(nc.n, 0) AS INTEGER) AS notes_count,
               r.amount_published, CAST(r.last_publication AS DATE) AS last_publication,
               r.is_test, CAST(k.versions AS INTEGER) AS versions
        FROM kept k
        JOIN records r USING (file_seq, record_index)
        JOIN files f USING (file_seq)
        LEFT JOIN ref_buyer_exact be ON be.siren = left(r.buyer_siret, 9)
        LEFT JOIN ref_buyer_prefix bp ON bp.siren = left(r.buyer_siret, 7)
        LEFT JOIN note_counts nc ON nc.uid = r.uid
        ORDER BY r.buyer_siret"""  # noqa: S608 - constant SQL
    )
    # Rows of one buyer are contiguous, so the zone maps of buyer_siret skip most row groups
    # on buyer pages; uid is the key of a contract (docs/ANALYTICS_SCHEMA.md).
    connection.execute("CREATE UNIQUE INDEX contracts_uid ON contracts (uid)")
    connection.execute(
        """CREATE TABLE holders AS
        SELECT k.uid, h.holder_id, h.id_type, h.name
        FROM kept k JOIN record_holders h USING (file_seq, record_index)
        ORDER BY k.uid"""
    )
    # Ordered by uid, a contract's holders sit in one row group that the zone maps find: the
    # contract page read all 11.9 M holder rows of a 10 M store (227 ms), now 4 ms.
    contracts = connection.execute("SELECT count(*) FROM contracts").fetchone()[0]
    return {
        "records": records,
        "contracts": contracts,
        "duplicates": duplicates,
        "superseded": firsts - contracts,
    }


def notes_by_code(connection) -> dict:
    return dict(
        connection.execute(
            "SELECT code, count(*) FROM notes GROUP BY code ORDER BY count(*) DESC, code"
        ).fetchall()
    )


def record_run(connection, run: dict) -> None:
    connection.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run["run_id"],
            run["started_at"],
            run["finished_at"],
            run["status"],
            json.dumps(run["files"], ensure_ascii=False),
            run["records_read"],
            run["contracts"],
            run["duplicates"],
            run["superseded"],
            run["seconds"],
            json.dumps(run["notes"], ensure_ascii=False),
        ],
    )
