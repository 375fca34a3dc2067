"""Purchase segments (families and thematic ones) defined by CPV prefixes (data/segments.json)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "segments.json"


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    cpv_prefixes: tuple[str, ...]
    is_family: bool

    def matches(self, cpv: str | None) -> bool:
        return bool(cpv) and cpv.startswith(self.cpv_prefixes)


@cache
def _load():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    families = tuple(
        Segment(item["code"], item["label"], tuple(item["cpv_prefixes"]), True)
        for item in data["families"]
    )
    themes = tuple(
        Segment(item["code"], item["label"], tuple(item["cpv_prefixes"]), False)
        for item in data["segments"]
    )
    return families, themes, data["source"], data["valid_from"]


def families() -> tuple[Segment, ...]:
    return _load()[0]


def themes() -> tuple[Segment, ...]:
    return _load()[1]


def all_segments() -> tuple[Segment, ...]:
    return families() + themes()


def get(code: str) -> Segment | None:
    return next((segment for segment in all_segments() if segment.code == code), None)


def source() -> str:
    return _load()[2]
