"""The AGEC product categories of the reuse rules (data/agec_categories.json).

Dated legal values (thresholds, rates, dates, CPV lists) are not here: every rule reads them from
the one table shared with the observatory, apure.reference.legal.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _day(text):
    return date.fromisoformat(text) if text else None


@cache
def agec() -> dict:
    return json.loads((DATA_DIR / "agec_categories.json").read_text(encoding="utf-8"))


def agec_category(cpv: str | None) -> dict | None:
    """The AGEC product category of a CPV code (longest matching prefix), or None."""
    if not cpv:
        return None
    best, best_length = None, 0
    for category in agec()["categories"]:
        if any(cpv.startswith(prefix) for prefix in category["exclude_prefixes"]):
            continue
        for prefix in category["cpv_prefixes"]:
            if cpv.startswith(prefix) and len(prefix) > best_length:
                best, best_length = category, len(prefix)
    return best


def _agec_periods() -> list[dict]:
    return [
        {"key": p["key"], "valid_from": _day(p["valid_from"]), "valid_to": _day(p["valid_to"])}
        for p in agec()["periods"]
    ]


def agec_period(on: date) -> dict | None:
    return next(
        (p for p in _agec_periods()
         if p["valid_from"] <= on and (p["valid_to"] is None or on <= p["valid_to"])),
        None,
    )  # fmt: skip


def agec_periods_between(start: date, end: date | None) -> list[dict]:
    """The AGEC periods a contract running from `start` to `end` (None: open) meets."""
    return [
        p for p in _agec_periods()
        if (p["valid_to"] is None or start <= p["valid_to"])
        and (end is None or p["valid_from"] <= end)
    ]  # fmt: skip
