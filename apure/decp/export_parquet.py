"""Export of the served contracts and holders to Parquet, partitioned by year (hive layout).

Any engine that reads Parquet (DuckDB, Spark, Trino, pandas) can then compute the observatory's
figures without the store: `contracts/year=2024/….parquet`, `holders/year=2024/….parquet`
(holders partitioned by the year of their contract), unknown years in `year=__HIVE_DEFAULT_
PARTITION__` (the Hive convention for NULL), and `schema.json` beside them, which lists the
tables, their columns and types, and their row counts. The meaning of each column is the
store's (docs/ANALYTICS_SCHEMA.md): the export is a copy, not a new contract.

The export is written in a sibling directory, then renamed into place: a reader never sees a
half-written export.
"""

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from . import store

SCHEMA_FILE = "schema.json"
PARTITION = "year"
# Each exported table and the query that gives its rows, with the partition column.
TABLES = {
    "contracts": "SELECT * FROM contracts",
    "holders": "SELECT h.*, c.year FROM holders h JOIN contracts c USING (uid)",
}


class ExportError(Exception):
    """Why the export could not be written (French, shown by the command)."""


def export(target: Path) -> dict:
    """Write the export into `target` (replacing a previous export there); returns schema.json."""
    target = Path(target)
    _check_target(target)
    cursor = store.cursor()
    if cursor is None:
        raise ExportError("aucune donnée DECP importée\u00a0: rien à exporter")
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        schema = _write(cursor, staging)
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        cursor.close()
    return schema


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} existe et n'est pas un dossier")
    if _holds_other_files(target):
        raise ExportError(
            f"le dossier {target} n'est pas vide et ne contient pas un export précédent"
        )


def _holds_other_files(target: Path) -> bool:
    """True for a non-empty directory that is not a previous export (never overwritten)."""
    if not target.is_dir() or not any(target.iterdir()):
        return False
    return not (target / SCHEMA_FILE).is_file()


def _write(cursor, directory: Path) -> dict:
    tables = {}
    for name, query in TABLES.items():
        path = directory / name
        cursor.execute(
            f"COPY ({query}) TO '{path}' "  # noqa: S608 - constant SQL, path made here
            f"(FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({PARTITION}))"
        )
        tables[name] = {
            "path": f"{name}/",
            "rows": cursor.execute(f"SELECT count(*) FROM ({query})").fetchone()[0],  # noqa: S608
            "columns": _columns(cursor, query),
        }
    last_import = cursor.execute("SELECT max(finished_at) FROM imports").fetchone()[0]
    schema = {
        "format": "parquet",
        "layout": "hive",
        "partitioned_by": [PARTITION],
        "null_partition": f"{PARTITION}=__HIVE_DEFAULT_PARTITION__",
        "documentation": "docs/ANALYTICS_SCHEMA.md (sens de chaque colonne)",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "last_import": last_import.isoformat() if last_import else None,
        "tables": tables,
    }
    (directory / SCHEMA_FILE).write_text(
        json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return schema


def _columns(cursor, query: str) -> list[dict]:
    described = cursor.execute(f"DESCRIBE {query}").fetchall()  # noqa: S608
    return [{"name": row[0], "type": row[1]} for row in described]


def _replace(staging: Path, target: Path) -> None:
    """Put the new export in place of the previous one (or of an empty directory)."""
    if target.is_dir():
        shutil.rmtree(target)
    os.replace(staging, target)
