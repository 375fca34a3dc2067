"""Dated, sourced reference values (targets, thresholds, dates) read from data/reference.json.

Values change over time (SPASER threshold in 2023, EU thresholds every two years…): callers ask
for the value in force on a date, never for a literal.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "reference.json"

STATUS_LABELS = {
    "V": "vérifié",
    "S": "source secondaire",
    "U": "incertain",
}


@dataclass(frozen=True)
class ReferenceValue:
    code: str
    label: str
    value: object
    unit: str
    valid_from: date
    valid_to: date | None
    legal_reference: str
    source: str
    status: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def as_date(self) -> date:
        return date.fromisoformat(self.value)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _parse(entry):
    return ReferenceValue(
        code=entry["code"],
        label=entry["label"],
        value=entry["value"],
        unit=entry["unit"],
        valid_from=date.fromisoformat(entry["valid_from"]),
        valid_to=date.fromisoformat(entry["valid_to"]) if entry["valid_to"] else None,
        legal_reference=entry["legal_reference"],
        source=entry["source"],
        status=entry["status"],
    )


@cache
def all_values() -> tuple[ReferenceValue, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(_parse(entry) for entry in data["values"])


def periods(code: str) -> list[ReferenceValue]:
    found = [value for value in all_values() if value.code == code]
    if not found:
        raise KeyError(f"unknown reference value {code!r}")
    return sorted(found, key=lambda value: value.valid_from)


def in_force(code: str, day: date) -> ReferenceValue | None:
    """The value of `code` valid on `day`, or None when no period covers it."""
    return next((value for value in periods(code) if value.covers(day)), None)


def latest(code: str) -> ReferenceValue:
    return periods(code)[-1]
