"""Département and région of a place of execution, and the buyer reference table.

Built once per process from the INSEE geography shipped in apure/reference/data.
"""

import csv
from collections import Counter, defaultdict
from functools import lru_cache

from apure.reference import files

from .values import fold, text

# Région Hauts-de-France, created in 2016: its SIREN does not follow the 23DD000xx pattern
# of the older régions (see apure/organisations/founders.py).
REGION_SIRENS = {"200053742": "32"}


# INSEE numbers the State's services and the public establishments it registers (ministries,
# préfectures, universities, CROUS, lycées and collèges...) in the SIREN series beginning with 1:
# observed on the 2019 national DECP samples (ministries 11..., 12..., 13..., 17...; CROUS,
# INRA 18...; universities and lycées 19...). Hospitals cannot be told from the SIREN alone:
# the 26... series mixes CHU and communal social action centres (CCAS), and some hospitals are
# in the 20... series; without the SIRENE legal category their kind stays NULL (unknown).
STATE_SERIES = "1"


def kind_from_siren_series(siren: str | None) -> str | None:
    """Buyer kind read from the SIREN series when the reference table does not know it."""
    return "etat" if siren and len(siren) == 9 and siren.startswith(STATE_SERIES) else None


def kind_from_siren_series_sql(column: str) -> str:
    """The same rule as a SQL expression, for the rebuild of the served tables."""
    return f"CASE WHEN starts_with({column}, '{STATE_SERIES}') THEN 'etat' END"


def _rows(path):
    with open(path, encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


class Geography:
    def __init__(self):
        self.dept_region = {row["code"]: row["region"] for row in _rows(files.DEPARTEMENTS)}
        self.regions = {row["code"]: row for row in _rows(files.REGIONS)}
        self.commune_dept = {}
        postcode_depts = defaultdict(Counter)
        for row in _rows(files.COMMUNES):
            self.commune_dept[row["code"]] = row["departement"]
            for postcode in row["codes_postaux"].split():
                postcode_depts[postcode][row["departement"]] += 1
        self.postcode_dept = {pc: c.most_common(1)[0][0] for pc, c in postcode_depts.items()}

    def departement_code(self, code: str) -> str | None:
        code = code.upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        return code if code in self.dept_region else None

    def from_postcode(self, code: str) -> str | None:
        if code in self.postcode_dept:
            return self.postcode_dept[code]
        prefix = code[:3] if code.startswith("97") else code[:2]
        if prefix == "20":
            return None  # Corse: 2A or 2B, only the table can tell
        return prefix if prefix in self.dept_region else None

    @lru_cache(maxsize=100_000)  # noqa: B019 -- one Geography per process, lives as long
    def place(self, code, type_code) -> tuple[str | None, str | None]:
        """(département, région) INSEE codes of a lieuExecution."""
        code = text(code)
        if code is None:
            return None, None
        code = code.replace(" ", "")
        kind = fold(text(type_code) or "")
        dept = None
        if "region" in kind:
            region = code.zfill(2)
            return None, region if region in self.regions else None
        if "pays" in kind:
            return None, None
        if "departement" in kind:
            dept = self.departement_code(code)
        elif "commune" in kind or "arrondissement" in kind:
            dept = self.commune_dept.get(code.upper()) if len(code) == 5 else None
        elif "postal" in kind:
            dept = self.from_postcode(code) if len(code) == 5 and code.isdigit() else None
        elif len(code) == 5:  # no type: a postcode is by far the most common
            dept = (
                self.from_postcode(code) if code.isdigit() else self.commune_dept.get(code.upper())
            )
        elif len(code) <= 3:
            dept = self.departement_code(code)
        if dept is None:
            return None, None
        return dept, self.dept_region.get(dept)

    @lru_cache(maxsize=10_000)  # noqa: B019 -- one Geography per process, lives as long
    def buyer_published(self, departement, commune, region) -> tuple[str | None, str | None]:
        """(département, région) of a buyer from the codes some tabular exports publish
        beside its SIRET (decp.info: acheteur_departement_code, _commune_code, _region_code);
        codes the INSEE tables do not know are ignored."""
        dept = self.departement_code(departement) if departement else None
        if dept is None and commune:
            dept = self.commune_dept.get(commune.upper())
        if dept is not None:
            return dept, self.dept_region.get(dept)
        region = region.zfill(2) if region else None
        return None, region if region in self.regions else None

    def buyer_rows(self):
        """(SIREN or 7-digit SIREN prefix, kind, département, région) of known buyers."""
        kinds = {"commune": "commune"}
        for row in _rows(files.LOCAL_BODIES):
            kind = kinds.get(row["categorie"], "epci")
            yield row["siren"], kind, row["departement"] or None, row["region"] or None
        for code, region in self.dept_region.items():
            if len(code) == 2 and code.isdigit():
                # Départements: SIREN 22 + code + 000 + key (Nord 225900018, Somme 228000014).
                yield f"22{code}000", "departement", code, region
        for code, row in self.regions.items():
            seat_dept = row["chef_lieu"][:2]
            if seat_dept.isdigit():
                yield f"23{seat_dept}000", "region", None, code
        for siren, region in REGION_SIRENS.items():
            yield siren, "region", None, region


@lru_cache(maxsize=1)
def geography() -> Geography:
    return Geography()
