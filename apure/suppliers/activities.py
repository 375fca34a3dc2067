"""Which suppliers work in a purchase segment: CPV codes → NAF activity codes.

The correspondence is data (`data/activites/cpv_naf.csv`, see data/PROVENANCE.md and
docs/SOURCES.md): for a CPV prefix, the NAF rév. 2 codes (division, class or sub-class) of the
companies that usually do that work. A CPV code takes the row of its longest listed prefix; a
segment of the clause library takes the rows of each of its prefixes, the more precise ones
included.

A supplier is matched on its NAF code only. Many inclusive structures carry a code that names
their legal form rather than their trade (« action sociale » for most ACI, « aide par le travail »
for every ESAT, « travail temporaire » for ETTI): those codes are listed in `naf_generiques.csv`
and such suppliers, like those with no NAF code, have an *unknown* activity: the pages count and
show them apart instead of pretending they do or do not do the work."""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Q

DATA_DIR = Path(__file__).resolve().parent / "data" / "activites"
MAPPING_FILE = DATA_DIR / "cpv_naf.csv"
NAF_FILE = DATA_DIR / "naf_rev2_sous_classes.csv"
GENERIC_FILE = DATA_DIR / "naf_generiques.csv"
_NOT_CODE = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True)
class Activity:
    """What a search by segment or CPV code looks for."""

    label: str  # what the buyer asked for, in French
    naf: tuple[str, ...]  # NAF prefixes that match

    @property
    def naf_labels(self) -> list[tuple[str, str]]:
        return [(code, naf_label(code)) for code in self.naf]


def normalise_naf(code: str) -> str:
    """« 81.30Z » and « 8130z » → « 8130Z »."""
    return _NOT_CODE.sub("", (code or "").upper())


@cache
def mapping() -> dict[str, tuple[str, ...]]:
    with open(MAPPING_FILE, newline="", encoding="utf-8") as handle:
        return {row["cpv_prefix"]: tuple(row["naf"].split()) for row in csv.DictReader(handle)}


@cache
def naf_labels() -> dict[str, str]:
    with open(NAF_FILE, newline="", encoding="utf-8") as handle:
        return {row["naf"]: row["libelle"] for row in csv.DictReader(handle)}


@cache
def generic_naf() -> dict[str, str]:
    """NAF codes that say what a structure is, not what it does, with the reason."""
    with open(GENERIC_FILE, newline="", encoding="utf-8") as handle:
        return {row["naf"]: row["raison"] for row in csv.DictReader(handle)}


def naf_label(code: str) -> str:
    """The label of a sub-class; for a division or class prefix, a plain description."""
    code = normalise_naf(code)
    if code in naf_labels():
        return naf_labels()[code]
    return f"toutes les activités commençant par {code}" if code else ""


def _longest_row(cpv: str) -> tuple[str, ...]:
    for length in range(len(cpv), 1, -1):
        if cpv[:length] in mapping():
            return mapping()[cpv[:length]]
    return ()


def naf_for_cpv(cpv: str) -> tuple[str, ...]:
    """The NAF prefixes of one CPV code (« 77310000-6 », « 77310000 » or a prefix)."""
    return _longest_row(re.sub(r"\D", "", (cpv or "").split("-")[0])[:8])


def naf_for_prefixes(prefixes) -> tuple[str, ...]:
    """The NAF prefixes of a family of CPV prefixes (a segment): each prefix's own row, and
    the rows of the more precise prefixes it contains."""
    found: dict[str, None] = {}
    for prefix in prefixes:
        for naf in _longest_row(prefix):
            found[naf] = None
        for key, codes in mapping().items():
            if key.startswith(prefix) and key != prefix:
                found.update(dict.fromkeys(codes))
    return tuple(found)


def for_segment(segment) -> Activity:
    return Activity(label=segment.label, naf=naf_for_prefixes(segment.cpv_prefixes))


def for_cpv(cpv: str, label: str = "") -> Activity:
    return Activity(label=label or f"code CPV {cpv}", naf=naf_for_cpv(cpv))


def matching(activity: Activity) -> Q:
    """Suppliers whose NAF code falls under the activity. A generic code matches only where the
    mapping names it (« aide par le travail » for social services)."""
    condition = Q(pk__in=[])
    for prefix in activity.naf:
        condition |= Q(naf__startswith=prefix)
    return condition


def unknown(activity: Activity) -> Q:
    """Suppliers whose activity the NAF code does not tell (and that do not match anyway)."""
    return (Q(naf="") | Q(naf__in=list(generic_naf()))) & ~matching(activity)


def is_unknown(naf: str) -> bool:
    return not naf or naf in generic_naf()
