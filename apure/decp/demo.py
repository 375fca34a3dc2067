"""Demo step: import the real DECP samples shipped in apure/decp/samples (Licence Ouverte).

See samples/PROVENANCE.md (origin, licence, checksums) and samples/SOURCES.toml (the names
the observatory shows for them): national 2019 files, a 2024 decp.info extract, and
format-2022 files with known considerations, among them twelve daily files of a platform
(July 2024) that give the Hauts-de-France real shares.

Idempotent: files already imported (same checksum in the ledger) are skipped without
rebuilding the store. When the sample set changes (a sample withdrawn, as the test files
were), files the demo once imported from this folder and no longer ships are withdrawn from
the store; files imported from anywhere else stay.
"""

import os
import shutil
from pathlib import Path, PurePath

from . import build, store
from .importer import expand, import_lock, run_import, sha256

SAMPLES = Path(__file__).resolve().parent / "samples"
# How a file imported from the samples folder is recognised in the store's `files` table,
# wherever the checkout sat when it was imported.
SAMPLES_MARK = "/apure/decp/samples/"


def load(out):
    withdrawn = withdraw_retired_samples()
    if withdrawn:
        out(f"DECP\u00a0: {withdrawn} fichier(s) d'exemple qui ne sont plus livrés retiré(s)")
    summary = run_import([SAMPLES], workers=1)
    new = [item for item in summary["files"] if item["status"] == "ok"]
    if new:
        out(
            f"DECP\u00a0: {len(new)} fichier(s) réel(s) importé(s), "
            f"{summary['contracts']} marchés dans l'entrepôt analytique"
        )
    else:
        out(f"DECP\u00a0: échantillons déjà importés ({summary['contracts']} marchés)")


def retired_samples(target: Path) -> list[str]:
    """Checksums of the files imported from the samples folder that it no longer ships."""
    if not target.exists():
        return []
    import duckdb

    connection = duckdb.connect(str(target), read_only=True)
    try:
        rows = connection.execute("SELECT path, sha256 FROM files WHERE status = 'ok'").fetchall()
    except duckdb.Error:
        return []
    finally:
        connection.close()
    from_samples = {sha for path, sha in rows if SAMPLES_MARK in PurePath(path).as_posix()}
    if not from_samples:
        return []
    shipped = {sha256(path) for path in expand([SAMPLES])}
    return sorted(from_samples - shipped)


def withdraw_retired_samples() -> int:
    """Remove retired samples from the store: the next version is written beside it without
    their records, then swapped in atomically (like an import). Returns how many files."""
    target = store.analytics_path()
    with import_lock(target):
        retired = retired_samples(target)
        if not retired:
            return 0
        next_path = target.with_name(f"{target.name}.next-demo-withdraw")
        connection = build.connect_new(next_path, target)
        try:
            for checksum in retired:
                build.forget_file(connection, checksum)
            build.rebuild(connection)
            connection.execute("CHECKPOINT")
        finally:
            connection.close()
            shutil.rmtree(next_path.with_name(next_path.name + ".tmp"), ignore_errors=True)
        store.close()
        os.replace(next_path, target)
    return len(retired)
