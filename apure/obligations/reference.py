"""Dated reference data of the rules (thresholds, rates, dates), read from data/*.json.

Values are never written in rule logic: a rule asks `value(key, on)` for the entry in force
on a date, and cites its reference and certainty in its result.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Dated:
    key: str
    value: object
    valid_from: date | None
    valid_to: date | None
    reference: str
    source: str
    certainty: str
    # Légifrance address of the text, only when its identifier is known (never guessed).
    url: str = ""

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def as_date(self) -> date:
        return date.fromisoformat(self.value)


def _day(text):
    return date.fromisoformat(text) if text else None


@cache
def table() -> dict[str, list[Dated]]:
    raw = json.loads((DATA_DIR / "thresholds.json").read_text(encoding="utf-8"))
    return {
        key: [
            Dated(
                key=key,
                value=entry["value"],
                valid_from=_day(entry["valid_from"]),
                valid_to=_day(entry["valid_to"]),
                reference=entry["reference"],
                source=entry["source"],
                certainty=entry["certainty"],
                url=entry.get("url", ""),
            )
            for entry in entries
        ]
        for key, entries in raw.items()
        if not key.startswith("_")
    }


def value(key: str, on: date) -> Dated | None:
    """The entry of `key` in force on `on`, or None when the data does not cover that day."""
    return next((entry for entry in table()[key] if entry.covers(on)), None)


def first(key: str) -> Dated:
    """The earliest entry of `key` (entry-into-force dates)."""
    return table()[key][0]


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


def cpv_in(key: str, cpv: str | None, on: date) -> bool:
    """Whether the CPV code starts with one of the prefixes listed under `key` on `on`."""
    prefixes = value(key, on)
    return bool(cpv and prefixes and cpv.startswith(tuple(prefixes.value)))
