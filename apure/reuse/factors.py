"""The shipped impact factors (data/impact_factors.csv, see data/PROVENANCE.md) and the choice
of the factor in force for a lot."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

FACTORS_FILE = Path(__file__).resolve().parent / "data" / "impact_factors.csv"


def shipped_rows():
    with open(FACTORS_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"],
                "category": row["category"],
                "label": row["label"],
                "basis": row["basis"],
                "kgco2e": Decimal(row["kgco2e"]),
                "uncertainty_pct": int(row["uncertainty_pct"]) if row["uncertainty_pct"] else None,
                "source": row["source"],
                "source_reference": row["source_reference"],
                "source_url": row["source_url"],
                "valid_from": date.fromisoformat(row["valid_from"]),
                "note": row["note"],
            }


def load_shipped(model) -> int:
    """Add the shipped factors that are missing (by code and date); never overwrite a factor a
    facilitator has edited. `model` is passed so that a migration can use its historical one."""
    created = 0
    for row in shipped_rows():
        _, was_created = model.objects.get_or_create(
            code=row["code"], valid_from=row["valid_from"], defaults=row
        )
        created += was_created
    return created


def factors_for(category, on=None):
    """The factors of a category in force on a day (today by default)."""
    from django.utils import timezone

    from .models import ImpactFactor

    return ImpactFactor.objects.in_force(on or timezone.localdate()).filter(category=category)
