"""Dated legal reference values (thresholds, targets, rates, dates, CPV lists): data/legal.json.

The one place for them: the obligation rules and the observatory both read it, so a threshold
that changes (the SPASER threshold in 2023, the EU thresholds every two years…) changes once.
Values are never written in logic: callers ask for the period in force on a day, and cite its
reference and its certainty tag (docs/SOURCES.md: V verified, S secondary source, U uncertain).
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "legal.json"

CERTAINTY_LABELS = {
    "V": "vérifié",
    "S": "source secondaire",
    "U": "incertain",
}


@dataclass(frozen=True)
class Dated:
    """One period of a value: its bounds are inclusive, None is open."""

    key: str
    value: object
    valid_from: date | None
    valid_to: date | None
    reference: str
    source: str
    certainty: str
    label: str = ""
    unit: str = ""
    # Légifrance address of the text, only when its identifier is known (never guessed).
    url: str = ""

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def as_date(self) -> date:
        return date.fromisoformat(self.value)

    @property
    def certainty_label(self) -> str:
        return CERTAINTY_LABELS[self.certainty]


def _day(text):
    return date.fromisoformat(text) if text else None


@cache
def table() -> dict[str, list[Dated]]:
    """Every key and its periods, in date order."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {
        key: [
            Dated(
                key=key,
                value=period["value"],
                valid_from=_day(period["valid_from"]),
                valid_to=_day(period["valid_to"]),
                reference=period["reference"],
                source=period["source"],
                certainty=period["certainty"],
                label=entry["label"],
                unit=entry["unit"],
                url=period.get("url", ""),
            )
            for period in entry["periods"]
        ]
        for key, entry in raw.items()
        if not key.startswith("_")
    }


def periods(key: str) -> list[Dated]:
    """Every period of `key`, earliest first (KeyError for an unknown key: a typo must fail)."""
    return table()[key]


def value(key: str, on: date) -> Dated | None:
    """The period of `key` in force on `on`, or None when the data does not cover that day."""
    return next((period for period in periods(key) if period.covers(on)), None)


def first(key: str) -> Dated:
    """The earliest period of `key` (entry-into-force dates)."""
    return periods(key)[0]


def latest(key: str) -> Dated:
    """The latest period of `key` (the value in force today or announced)."""
    return periods(key)[-1]


def cpv_in(key: str, cpv: str | None, on: date) -> bool:
    """Whether the CPV code starts with one of the prefixes listed under `key` on `on`."""
    prefixes = value(key, on)
    return bool(cpv and prefixes and cpv.startswith(tuple(prefixes.value)))
