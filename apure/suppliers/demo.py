"""Demo step: the real lists of SIAE, GEIQ and ESAT shipped in data/ (idempotent)."""

from .models import Supplier
from .shipped import load_shipped


def load(out):
    created = load_shipped()
    out(
        f"Fournisseurs inclusifs\u00a0: {created} fiches créées, {Supplier.objects.count()} au "
        "total"
    )
