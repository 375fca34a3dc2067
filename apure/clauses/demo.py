"""Demo step: load the shipped clause library (idempotent: unchanged records are skipped)."""

from .library import DATA_DIR, load_library


def load(out):
    if not (DATA_DIR / "segments.json").exists():
        out("Bibliothèque de clauses\u00a0: aucun fichier livré pour l'instant.")
        return
    out(load_library().summary())
