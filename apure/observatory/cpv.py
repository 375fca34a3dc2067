"""French labels of CPV divisions, from the CPV 2008 file shipped in apure.reference."""

import csv
from functools import cache

from apure.reference import files


@cache
def division_labels() -> dict[str, str]:
    with files.CPV_2008.open(encoding="utf-8") as handle:
        return {
            row["code"][:2]: row["label_fr"]
            for row in csv.DictReader(handle)
            if row["code"][2:8] == "000000"
        }


def division_label(code):
    if not code:
        return "CPV inconnu"
    # Some DECP carry divisions of older nomenclatures (e.g. 74, CPV 2003): say so, not a name.
    return division_labels().get(code, "division inconnue du CPV 2008")


def is_known_division(code) -> bool:
    return code in division_labels()
