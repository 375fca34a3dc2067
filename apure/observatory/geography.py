"""Names of régions and départements, from the INSEE geography files shipped in apure.reference."""

import csv
from functools import cache

from apure.reference import files

HAUTS_DE_FRANCE = "32"


@cache
def regions() -> dict[str, str]:
    with files.REGIONS.open(encoding="utf-8") as handle:
        return {
            row["code"]: row["nom"]
            for row in csv.DictReader(handle)
            if row["zone"] in files.KEPT_ZONES
        }


@cache
def departements() -> dict[str, tuple[str, str]]:
    """Code → (name, région code)."""
    with files.DEPARTEMENTS.open(encoding="utf-8") as handle:
        return {
            row["code"]: (row["nom"], row["region"])
            for row in csv.DictReader(handle)
            if row["zone"] in files.KEPT_ZONES
        }


def region_name(code):
    return regions().get(code or "", code or "Inconnue")


def departement_name(code):
    return departements().get(code or "", (code or "Inconnu", None))[0]


def departement_region(code) -> str:
    """The région code of a département, or "" when the code is empty or unknown."""
    return departements().get(code or "", ("", ""))[1] or ""


def departements_of(region_code) -> list[str]:
    return sorted(code for code, (_, region) in departements().items() if region == region_code)
