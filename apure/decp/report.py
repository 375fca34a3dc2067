"""Figures of the data currently served (`decp_report`) and their French summary."""

import json

from . import store
from .checks import label

KNOWN_FIELDS = [
    ("buyer_siret", "SIRET de l'acheteur"),
    ("buyer_kind", "catégorie d'acheteur"),
    ("buyer_departement", "département de l'acheteur"),
    ("object", "objet"),
    ("cpv", "code CPV"),
    ("procedure", "procédure"),
    ("amount", "montant"),
    ("duration_months", "durée"),
    ("notification_date", "date de notification"),
    ("departement", "département du lieu d'exécution"),
    ("social", "considération sociale"),
    ("environmental", "considération environnementale"),
]


def figures(cursor) -> dict:
    """Everything decp_report shows, read from the served tables."""
    one = lambda sql: cursor.execute(sql).fetchone()  # noqa: E731
    contracts = one("SELECT count(*) FROM contracts")[0]
    last = one(
        "SELECT run_id, finished_at, records_read, duplicates, superseded "
        "FROM imports ORDER BY finished_at DESC LIMIT 1"
    )
    totals = one("SELECT count(*), sum(records) FROM files WHERE status = 'ok'")
    stored = one("SELECT count(*) FROM records")[0]
    duplicates = one("SELECT count(*) - count(DISTINCT content_hash) FROM records")[0]
    known = {}
    for column, _label in KNOWN_FIELDS:
        condition = (
            f"{column} <> 'unknown'"
            if column in ("social", "environmental")
            else f"{column} IS NOT NULL"
        )
        count = one(f"SELECT count(*) FILTER (WHERE {condition}) FROM contracts")[0]  # noqa: S608
        known[column] = round(count / contracts, 4) if contracts else None
    by_year_format = [
        {"year": year, "format": fmt, "contracts": n}
        for year, fmt, n in cursor.execute(
            "SELECT year, source_format, count(*) FROM contracts "
            "GROUP BY ALL ORDER BY year NULLS LAST, source_format"
        ).fetchall()
    ]
    by_year = {
        str(year): n
        for year, n in cursor.execute(
            "SELECT year, count(*) FROM contracts WHERE year IS NOT NULL "
            "GROUP BY year ORDER BY year"
        ).fetchall()
    }
    considerations = {}
    for column in ("social", "environmental"):
        considerations[column] = dict(
            cursor.execute(f"SELECT {column}, count(*) FROM contracts GROUP BY 1").fetchall()  # noqa: S608
        )
    files = [
        {
            "path": path,
            "name": name,
            "format": fmt,
            "records": records,
            "contracts": kept,
            "run_id": run_id,
            "sha256": sha,
        }
        for path, name, fmt, records, kept, run_id, sha in cursor.execute(
            """SELECT f.path, f.name, f.format, f.records,
                      (SELECT count(*) FROM contracts c WHERE c.source_file = f.name),
                      f.run_id, f.sha256
               FROM files f ORDER BY f.file_seq"""
        ).fetchall()
    ]
    notes = dict(
        cursor.execute(
            "SELECT code, count(*) FROM notes GROUP BY code ORDER BY count(*) DESC, code"
        ).fetchall()
    )
    return {
        "records_read": int(totals[1] or 0),
        "records_stored": stored,
        "contracts": contracts,
        "duplicates": duplicates,
        "superseded": stored - duplicates - contracts,
        "notes": notes,
        "known_share": known,
        "by_year": by_year,
        "by_year_format": by_year_format,
        "considerations": considerations,
        "amount_eur": one("SELECT round(sum(amount), 2) FROM contracts WHERE kind = 'marche'")[0],
        "files": files,
        "last_import": ({"run_id": last[0], "finished_at": str(last[1])} if last else None),
    }


def current() -> dict | None:
    cursor = store.cursor()
    if cursor is None:
        return None
    try:
        return figures(cursor)
    finally:
        cursor.close()


def count(number: int, singular: str, plural: str = "") -> str:
    """« 0 marché », « 1 marché », « 2 marchés »: French takes the singular below 2."""
    if number < 2:
        return f"{number} {singular}"
    return f"{number} {plural or ' '.join(word + 's' for word in singular.split())}"


def decimal(value: float, digits: int = 1) -> str:
    """« 100,0 »: the French decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def percent(share: float) -> str:
    return f"{decimal(share * 100)} %"


def _dedup_figures(data: dict) -> str:
    return (
        f"{count(data['duplicates'], 'doublon exact écarté', 'doublons exacts écartés')}, "
        f"{count(data['superseded'], 'publication remplacée', 'publications remplacées')} "
        "par une plus récente"
    )


def _file_lines(files) -> list[str]:
    lines = []
    for item in files:
        status = item.get("status", "ok")
        if status == "error":
            lines.append(f"  ÉCHEC {item['error']}")
        elif status == "skipped":
            lines.append(f"  {item['path']}\u00a0: {item.get('message', 'ignoré')}")
        else:
            records = count(item["records"], "enregistrement")
            served = (
                f", {count(item['contracts'], 'marché servi', 'marchés servis')}"
                if "contracts" in item
                else ""
            )
            lines.append(f"  {item['path']}\u00a0: format {item['format']}, {records}{served}")
    return lines


def _note_lines(notes: dict, title: str) -> list[str]:
    if not notes:
        return []
    return [title] + [f"    {n} × {label(code)} ({code})" for code, n in notes.items()]


def served_summary(data: dict, title: str) -> list[str]:
    """French lines on the data served (decp_report)."""
    lines = [
        title,
        f"  {count(data['records_read'], 'enregistrement lu', 'enregistrements lus')}, "
        f"{count(data['contracts'], 'marché retenu', 'marchés retenus')}, "
        f"{_dedup_figures(data)}.",
    ]
    lines += _file_lines(data.get("files", []))
    return lines + _note_lines(data.get("notes"), "  Signalements de qualité\u00a0:")


def import_summary(summary: dict, title: str) -> list[str]:
    """French lines on one import: what this run read (« ce lot »), kept apart from what
    is served after it, so that a failed run does not read as if it brought the contracts
    already stored."""
    files = summary.get("files", [])
    parts = []
    for status, singular, plural in (
        ("ok", "lu", "lus"),
        ("skipped", "déjà importé", "déjà importés"),
        ("error", "en échec", "en échec"),
    ):
        number = sum(item.get("status", "ok") == status for item in files)
        if number:
            parts.append(count(number, singular, plural))
    read = count(summary["records_read"], "enregistrement lu", "enregistrements lus")
    lines = [
        title,
        f"  Ce lot\u00a0: {count(len(files), 'fichier')} ({', '.join(parts)}), {read}.",
    ]
    lines += _file_lines(files)
    unchanged = summary.get("status") in ("failed", "unchanged")
    heading = "Données servies (inchangées)" if unchanged else "Données servies après l'import"
    lines.append(
        f"  {heading}\u00a0: {count(summary['contracts'], 'marché')}, {_dedup_figures(summary)}."
    )
    notes_title = "  Signalements de qualité (données servies)\u00a0:"
    return lines + _note_lines(summary.get("notes"), notes_title)


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)
