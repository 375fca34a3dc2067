"""Purchase segments: the three CPV families and the clause library's segments.

The thematic segments are those of the clause library (`apure/clauses/data/segments.json`),
read from the file rather than from the database so that the observatory works without the
clauses app's data loaded. A contract belongs to every segment one of whose CPV prefixes starts
its code; the families partition the CPV divisions.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parents[1] / "clauses" / "data" / "segments.json"

# CPV 2008 structure (règlement (CE) n° 213/2008): division 45 = works; 01-44 and 48 = supplies;
# 50-98 = services. The codes are the `nature` values of the clause library's segments.
FAMILIES = (
    ("travaux", "Travaux", ("45",)),
    ("fournitures", "Fournitures", (
        "03", "09", "14", "15", "16", "18", "19", "22", "24", "30", "31", "32", "33", "34", "35",
        "37", "38", "39", "41", "42", "43", "44", "48",
    )),
    ("services", "Services", (
        "50", "51", "55", "60", "63", "64", "65", "66", "70", "71", "72", "73", "75", "76", "77",
        "79", "80", "85", "90", "92", "98",
    )),
)  # fmt: skip
SOURCE = (
    "segments de la bibliothèque de clauses d'apure (apure/clauses/data/segments.json), "
    "familles d'après la structure du vocabulaire commun pour les marchés publics "
    "(CPV 2008, règlement (CE) n° 213/2008)"
)


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    cpv_prefixes: tuple[str, ...]
    is_family: bool
    nature: str = ""

    def matches(self, cpv: str | None) -> bool:
        return bool(cpv) and cpv.startswith(self.cpv_prefixes)


@cache
def _load():
    families = tuple(
        Segment(code, label, prefixes, True, code) for code, label, prefixes in FAMILIES
    )
    themes = tuple(
        Segment(item["code"], item["label"], tuple(item["cpv_prefixes"]), False, item["nature"])
        for item in json.loads(DATA_FILE.read_text(encoding="utf-8"))
    )
    return families, themes


def families() -> tuple[Segment, ...]:
    return _load()[0]


def themes() -> tuple[Segment, ...]:
    return _load()[1]


def all_segments() -> tuple[Segment, ...]:
    return families() + themes()


def get(code: str) -> Segment | None:
    return next((segment for segment in all_segments() if segment.code == code), None)


def longest_prefix() -> int:
    """Length of the longest CPV prefix: grouping on that many digits serves every segment."""
    return max(len(prefix) for segment in all_segments() for prefix in segment.cpv_prefixes)


def source() -> str:
    return SOURCE
