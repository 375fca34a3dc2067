"""Build an analytical store (docs/ANALYTICS_SCHEMA.md) from lists of dicts, for tests and demos.

The DECP pipeline is the real writer of this file; this helper writes exactly the same tables so
that the observatory can be tested without it. Missing columns get derived or neutral values.
"""

import json
from datetime import date, datetime
from pathlib import Path

import duckdb

SCHEMA = """
CREATE TABLE contracts (
    uid VARCHAR PRIMARY KEY, contract_id VARCHAR, kind VARCHAR,
    buyer_siret VARCHAR, buyer_siren VARCHAR, buyer_name VARCHAR, buyer_kind VARCHAR,
    buyer_departement VARCHAR, buyer_region VARCHAR,
    object VARCHAR, cpv VARCHAR, cpv_division VARCHAR, nature VARCHAR, procedure VARCHAR,
    amount DOUBLE, initial_amount DOUBLE, duration_months DOUBLE,
    notification_date DATE, publication_date DATE, year INTEGER,
    place_code VARCHAR, place_type VARCHAR, departement VARCHAR, region VARCHAR,
    holders_count INTEGER,
    social VARCHAR, social_clause BOOLEAN, social_criterion BOOLEAN, social_reserved BOOLEAN,
    environmental VARCHAR, env_clause BOOLEAN, env_criterion BOOLEAN,
    source_file VARCHAR, source_format VARCHAR, record_index INTEGER, notes_count INTEGER,
    amount_published DOUBLE, last_publication DATE, is_test BOOLEAN, versions INTEGER
);
CREATE TABLE holders (uid VARCHAR, holder_id VARCHAR, id_type VARCHAR, name VARCHAR);
CREATE TABLE notes (
    run_id VARCHAR, uid VARCHAR, file VARCHAR, record_index INTEGER, field VARCHAR,
    value VARCHAR, code VARCHAR, severity VARCHAR, message VARCHAR
);
CREATE TABLE imports (
    run_id VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR, files VARCHAR,
    records_read BIGINT, contracts BIGINT, duplicates BIGINT, superseded BIGINT, seconds DOUBLE
);
"""

CONTRACT_COLUMNS = [
    "uid", "contract_id", "kind", "buyer_siret", "buyer_siren", "buyer_name", "buyer_kind",
    "buyer_departement", "buyer_region", "object", "cpv", "cpv_division", "nature", "procedure",
    "amount", "initial_amount", "duration_months", "notification_date", "publication_date",
    "year", "place_code", "place_type", "departement", "region", "holders_count", "social",
    "social_clause", "social_criterion", "social_reserved", "environmental", "env_clause",
    "env_criterion", "source_file", "source_format", "record_index", "notes_count",
    "amount_published", "last_publication", "is_test", "versions",
]  # fmt: skip


def complete(contract: dict, index: int = 0) -> dict:
    """Fill the derived and neutral columns of one contract."""
    row = dict.fromkeys(CONTRACT_COLUMNS)
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
    connection = duckdb.connect(str(temporary))
    try:
        connection.execute(SCHEMA)
        rows = [complete(contract, index) for index, contract in enumerate(contracts)]
        if rows:
            placeholders = ", ".join("?" for _ in CONTRACT_COLUMNS)
            connection.executemany(
                f"INSERT INTO contracts VALUES ({placeholders})",  # noqa: S608 (values are bound)
                [[row[column] for column in CONTRACT_COLUMNS] for row in rows],
            )
        if holders:
            connection.executemany(
                "INSERT INTO holders VALUES (?, ?, ?, ?)",
                [
                    [h["uid"], h["holder_id"], h.get("id_type", "SIRET"), h.get("name")]
                    for h in holders
                ],
            )
        if notes:
            connection.executemany(
                "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [n.get("run_id", "run-1"), n.get("uid"), n.get("file", "fixture.json"),
                     n.get("record_index", 0), n["field"], n.get("value"), n["code"],
                     n.get("severity", "warning"), n["message"]]
                    for n in notes
                ],
            )  # fmt: skip
        for ledger in imports if imports is not None else [default_import(len(rows))]:
            connection.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ledger["run_id"], ledger["started_at"], ledger["finished_at"],
                    ledger["status"], json.dumps(ledger["files"]), ledger["records_read"],
                    ledger["contracts"], ledger["duplicates"], ledger["superseded"],
                    ledger["seconds"],
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
    }  # fmt: skip
