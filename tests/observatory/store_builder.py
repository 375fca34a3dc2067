"""Build an analytical store (docs/ANALYTICS_SCHEMA.md) from lists of dicts, for tests and demos.

The tables are those of the DECP pipeline itself: an empty store is built once per process by
`apure.decp.build` (its staging DDL, then its rebuild of the served tables from no records), and
each store starts as a copy of it; the rows given are then inserted by column name. A column the
pipeline adds or retypes reaches the observatory's tests with no edit here. Missing columns get
derived or neutral values.
"""

import atexit
import json
import shutil
import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb

from apure.decp import build as pipeline


@cache
def _empty_store() -> Path:
    """A store with the pipeline's tables and no rows (built once, copied by every `build`)."""
    folder = Path(tempfile.mkdtemp(prefix="apure-empty-store-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "empty.duckdb"
    connection = pipeline.connect_new(path, None)
    try:
        pipeline.rebuild(connection)
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    return path


@cache
def contract_columns() -> tuple[str, ...]:
    """The columns of the served `contracts` table, in the pipeline's order."""
    connection = duckdb.connect(str(_empty_store()), read_only=True)
    try:
        rows = connection.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'contracts' "
            "ORDER BY column_index"
        ).fetchall()
    finally:
        connection.close()
    return tuple(name for (name,) in rows)


def complete(contract: dict, index: int = 0) -> dict:
    """Fill the derived and neutral columns of one contract."""
    row = dict.fromkeys(contract_columns())
    row.update(
        kind="marche",
        nature="Marché",
        procedure="Procédure adaptée",
        place_type="Code département",
        holders_count=1,
        social="unknown",
        environmental="unknown",
        source_file="fixture.json",
        source_format="2022-json",
        record_index=index,
        notes_count=0,
        is_test=False,
        versions=1,
    )
    row.update(contract)
    row["contract_id"] = row["contract_id"] or f"2024-{index:05d}"
    row["uid"] = row["uid"] or f"{row['buyer_siret']}/{row['contract_id']}"
    row["buyer_siren"] = row["buyer_siren"] or (row["buyer_siret"] or "")[:9] or None
    if row["cpv"] and not row["cpv_division"]:
        row["cpv_division"] = row["cpv"][:2]
    if isinstance(row["notification_date"], str):
        row["notification_date"] = date.fromisoformat(row["notification_date"])
    if row["notification_date"] and row["year"] is None:
        row["year"] = row["notification_date"].year
    if row["publication_date"] is None and row["notification_date"]:
        row["publication_date"] = row["notification_date"]
    if row["initial_amount"] is None:
        row["initial_amount"] = row["amount"]
    if row["place_code"] is None:
        row["place_code"] = row["departement"]
    for dimension, details in (
        ("social", ("social_clause", "social_criterion", "social_reserved")),
        ("environmental", ("env_clause", "env_criterion")),
    ):
        if row[dimension] == "unknown":
            for detail in details:
                row[detail] = None
        else:
            for detail in details:
                row[detail] = bool(row[detail])
    return row


def build(path, contracts, holders=(), notes=(), imports=None) -> Path:
    """Write a complete store at `path` (replacing it) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".building")
    temporary.unlink(missing_ok=True)
    shutil.copyfile(_empty_store(), temporary)
    connection = duckdb.connect(str(temporary))
    try:
        rows = [complete(contract, index) for index, contract in enumerate(contracts)]
        if rows:
            columns = contract_columns()
            connection.executemany(
                f"INSERT INTO contracts ({', '.join(columns)}) "  # noqa: S608 (values are bound)
                f"VALUES ({', '.join('?' for _ in columns)})",
                [[row[column] for column in columns] for row in rows],
            )
        if holders:
            connection.executemany(
                "INSERT INTO holders (uid, holder_id, id_type, name) VALUES (?, ?, ?, ?)",
                [
                    [h["uid"], h["holder_id"], h.get("id_type", "SIRET"), h.get("name")]
                    for h in holders
                ],
            )
        if notes:
            connection.executemany(
                "INSERT INTO notes (run_id, uid, file, record_index, field, value, code, severity,"
                " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [n.get("run_id", "run-1"), n.get("uid"), n.get("file", "fixture.json"),
                     n.get("record_index", 0), n["field"], n.get("value"), n["code"],
                     n.get("severity", "warning"), n["message"]]
                    for n in notes
                ],
            )  # fmt: skip
        for ledger in imports if imports is not None else [default_import(len(rows))]:
            connection.execute(
                "INSERT INTO imports (run_id, started_at, finished_at, status, files, records_read,"
                " contracts, duplicates, superseded, seconds, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ledger["run_id"], ledger["started_at"], ledger["finished_at"],
                    ledger["status"], json.dumps(ledger["files"]), ledger["records_read"],
                    ledger["contracts"], ledger["duplicates"], ledger["superseded"],
                    ledger["seconds"], json.dumps(ledger.get("notes", {})),
                ],
            )  # fmt: skip
    finally:
        connection.close()
    temporary.replace(path)
    return path


def default_import(count):
    return {
        "run_id": "run-1",
        "started_at": datetime(2026, 11, 2, 8, 0, 0),
        "finished_at": datetime(2026, 11, 2, 8, 0, 5),
        "status": "ok",
        "files": [
            {"path": "fixture.json", "sha256": "0" * 64, "format": "2022-json",
             "records": count, "status": "ok", "error": None}
        ],
        "records_read": count,
        "contracts": count,
        "duplicates": 0,
        "superseded": 0,
        "seconds": 5.0,
        "notes": {},
    }  # fmt: skip


def without_columns(path, *columns) -> None:
    """Make the store at `path` look written by an earlier version: its `contracts` table lacks
    `columns` (rebuilt without them: DuckDB alters no table that has an index)."""
    connection = duckdb.connect(str(path))
    try:
        connection.execute(
            "CREATE TABLE older AS SELECT * EXCLUDE ("  # noqa: S608 (names from the test)
            + ", ".join(columns)
            + ") FROM contracts"
        )
        connection.execute("DROP TABLE contracts")
        connection.execute("ALTER TABLE older RENAME TO contracts")
    finally:
        connection.close()
