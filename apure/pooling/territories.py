"""The territories a pooling view covers: a département, a région or an EPCI.

Départements and régions are the observatory's (place of execution, else the buyer's: one
rule, in `Filters.where`). An EPCI has no column in the store: its buyers are the EPCI itself
and its member communes, found by SIREN in the INSEE list of members shipped in
apure/reference. The other bodies of its area (syndicates, hospitals, schools…) are not
linked to an EPCI by any reference file, so they are not counted in it.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from apure.observatory import geography
from apure.observatory.filters import Filters
from apure.reference import files

KINDS = {"departement": "Département", "region": "Région", "epci": "EPCI"}
# The store's column for the place of execution, by kind of territory.
PLACE_COLUMNS = {"departement": "departement", "region": "region"}


@cache
def epci_names() -> dict[str, str]:
    with files.EPCI.open(encoding="utf-8") as handle:
        return {row["siren"]: row["nom"] for row in csv.DictReader(handle)}


@cache
def epci_member_sirens() -> dict[str, tuple[str, ...]]:
    """EPCI SIREN → SIRENs of its member communes."""
    members = defaultdict(list)
    with files.EPCI_MEMBERS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["commune_siren"]:
                members[row["groupement_siren"]].append(row["commune_siren"])
    return {siren: tuple(sorted(sirens)) for siren, sirens in members.items()}


@dataclass(frozen=True)
class Territory:
    kind: str
    code: str

    @classmethod
    def parse(cls, kind: str, code: str) -> "Territory | None":
        """The territory, or None when the kind or code is unknown."""
        code = (code or "").strip().upper()
        known = {
            "departement": geography.departements(),
            "region": geography.regions(),
            "epci": epci_names(),
        }
        return cls(kind, code) if code in known.get(kind, ()) else None

    @property
    def name(self) -> str:
        if self.kind == "departement":
            return f"{geography.departement_name(self.code)} ({self.code})"
        if self.kind == "region":
            return geography.region_name(self.code)
        return epci_names()[self.code]

    @property
    def label(self) -> str:
        """« département Nord (59) », for sentences."""
        return f"{KINDS[self.kind].lower()} {self.name}" if self.kind != "epci" else self.name

    def filters(self, filters: Filters) -> Filters:
        """`filters` narrowed to the territory where the observatory's filters can say it."""
        if self.kind == "departement":
            return filters.with_(region="", departement=self.code)
        if self.kind == "region":
            return filters.with_(region=self.code, departement="")
        return filters.with_(region="", departement="")

    def implied_condition(self) -> tuple[str, list]:
        """What the observatory's territory rule (place of execution, else the buyer's) implies
        on the place column alone. It changes no result, but DuckDB checks a condition on one
        column while reading it, and then never reads the other columns of the rows left out
        (the rule itself, on two columns, is checked only after they are read)."""
        column = PLACE_COLUMNS.get(self.kind)
        if column is None:
            return "", []
        return f"({column} = ? OR {column} IS NULL)", [self.code]

    def extra_condition(self) -> tuple[str, list]:
        """What the observatory's filters cannot say: the buyers of an EPCI."""
        if self.kind != "epci":
            return "", []
        sirens = [self.code, *epci_member_sirens().get(self.code, ())]
        return f"buyer_siren IN ({', '.join('?' for _ in sirens)})", sirens
