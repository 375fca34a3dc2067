"""The kind of purchase a pooling view covers: an observatory segment or a CPV class.

Segments (the three families and the clause library's themes) are the observatory's, with its
filter; a CPV class is the 4-digit level of the CPV 2008 (« 4521 » : travaux de construction de
bâtiments), finer than the divisions the observatory filters on.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache

from apure.observatory import segments
from apure.observatory.filters import Filters
from apure.reference import files

CPV_CLASS = re.compile(r"cpv-(\d{4})")
CPV_CLASS_DIGITS = 4


@cache
def cpv_class_labels() -> dict[str, str]:
    with files.CPV_2008.open(encoding="utf-8") as handle:
        return {
            row["code"][:CPV_CLASS_DIGITS]: row["label_fr"]
            for row in csv.DictReader(handle)
            if row["code"][CPV_CLASS_DIGITS:8] == "0000"
        }


@dataclass(frozen=True)
class Purchase:
    code: str  # segment code, or « cpv-4521 »
    label: str
    segment: str = ""
    cpv_class: str = ""

    @classmethod
    def parse(cls, code: str) -> "Purchase | None":
        code = (code or "").strip()
        segment = segments.get(code)
        if segment is not None:
            return cls(code, segment.label, segment=code)
        match = CPV_CLASS.fullmatch(code)
        if match and match[1] in cpv_class_labels():
            digits = match[1]
            return cls(code, f"{digits} – {cpv_class_labels()[digits]}", cpv_class=digits)
        return None

    @classmethod
    def for_cpv_class(cls, digits: str) -> "Purchase | None":
        return cls.parse(f"cpv-{digits}")

    @property
    def cpv_prefixes(self) -> tuple[str, ...]:
        return segments.get(self.segment).cpv_prefixes if self.segment else (self.cpv_class,)

    def filters(self, filters: Filters) -> Filters:
        """`filters` narrowed to the purchase where the observatory's filters can say it."""
        if self.segment:
            return filters.with_(segment=self.segment, cpv_division="")
        return filters.with_(segment="", cpv_division=self.cpv_class[:2])

    def extra_condition(self) -> tuple[str, list]:
        """What the observatory's filters cannot say: a CPV class."""
        if not self.cpv_class:
            return "", []
        return "starts_with(cpv, ?)", [self.cpv_class]

    def where(self) -> tuple[str, list]:
        """The purchase as a SQL condition, any territory or period (it reads `is_test`,
        `cpv` and `cpv_division` only)."""
        where, params = self.filters(Filters.build()).where()
        extra, extra_params = self.extra_condition()
        return (f"{where} AND {extra}", [*params, *extra_params]) if extra else (where, params)


def choices() -> list[tuple[str, str]]:
    """(code, label) of the segments offered in the chooser."""
    return [(segment.code, segment.label) for segment in segments.all_segments()]
