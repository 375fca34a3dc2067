"""What every indicator module provides, and the shape of its result."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, share, eur, points: how pages, CSV and XLSX format it

    @property
    def unit(self) -> str | None:
        return UNITS.get(self.kind)


# What a number of each column kind means, said in the API (shares stay fractions there).
UNITS = {
    "share": "fraction de 0 à 1 (0,25 = 25 %)",
    "points": "points de pourcentage",
    "eur": "euros HT",
}


@dataclass
class Result:
    """An indicator computed for one set of filters: a table, structured data and notes."""

    code: str
    title: str
    columns: list[Column]
    rows: list[dict]
    data: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "columns": [
                {"key": c.key, "label": c.label, "kind": c.kind, "unit": c.unit}
                for c in self.columns
            ],
            "rows": self.rows,
            "data": self.data,
            "notes": self.notes,
        }


# Common to every indicator of the registry (and so to every page, export and API figure).
POPULATION = (
    "Les contrats des données chargées qui répondent aux filtres, hors enregistrements de test "
    "publiés par des éditeurs de logiciels (signalement « test_record » : SIREN d'un éditeur ou "
    "objet « test ») : ce ne sont pas des marchés. Ils restent consultables, avec leur "
    "signalement, sur la page de chaque contrat et dans la page « Qualité des données »."
)


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    definition: str
    numerator: str
    denominator: str
    coverage: str
    basis: str
    version: str
    compute: Callable = field(repr=False)
    needs_buyer: bool = False
    population: str = POPULATION
