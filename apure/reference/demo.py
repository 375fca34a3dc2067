"""Demo step for the reference data: load every shipped file."""

from .loaders import load_all


def load(out):
    for result in load_all():
        out(f"Référentiel {result.name}\u00a0: {result.rows}")
