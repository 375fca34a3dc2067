"""Demo step: import the real DECP samples shipped in apure/decp/samples (Licence Ouverte).

See samples/PROVENANCE.md: 2019 national files, a 2024 decp.info extract, format-2022 files
with known considerations and one vendor test record (left out of the indicators).

Idempotent: files already imported (same checksum in the ledger) are skipped without
rebuilding the store.
"""

from pathlib import Path

from .importer import run_import

SAMPLES = Path(__file__).resolve().parent / "samples"


def load(out):
    summary = run_import([SAMPLES], workers=1)
    new = [item for item in summary["files"] if item["status"] == "ok"]
    if new:
        out(
            f"DECP : {len(new)} fichier(s) réel(s) importé(s), "
            f"{summary['contracts']} marchés dans l'entrepôt analytique"
        )
    else:
        out(f"DECP : échantillons déjà importés ({summary['contracts']} marchés)")
