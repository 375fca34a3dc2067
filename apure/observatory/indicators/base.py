"""What every indicator module provides, and the shape of its result."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # one of KINDS: how pages, CSV, XLSX and the API give its values
    # False for the row notes that exports and the API carry; pages say it once under a table.
    on_pages: bool = True

    @property
    def unit(self) -> str | None:
        return UNITS.get(self.kind)

    @property
    def numeric(self) -> bool:
        """Right-aligned in tables. A year column also holds « Total » or « inconnue »."""
        return self.kind not in ("text", "year", "bool")

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "kind": self.kind, "unit": self.unit}


# The row note saying which shares are « n.d. » and why (aggregates.withheld_note).
NOTE = Column("note", "Remarque", on_pages=False)

# Every column kind and the JSON values of its cells, said in the API's description.
KINDS = {
    "text": "texte (ou null)",
    "int": "nombre entier (ou null)",
    "year": "année, nombre entier\u00a0; texte pour les lignes « Total » et « inconnue »",
    "share": "fraction de 0 à 1 (ou null quand rien n'est connu)",
    "eur": "montant en euros HT (ou null)",
    "points": "écart en points de pourcentage (ou null)",
    "bool": "vrai ou faux",
}
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
    # Keys of the rows that tables do not show (details kept for the API and for pages).
    details: list[Column] = field(default_factory=list)

    @property
    def page_columns(self) -> list[Column]:
        return [column for column in self.columns if column.on_pages]

    @property
    def has_row_notes(self) -> bool:
        """Rows say which shares are « n.d. »: pages explain « n.d. » once under the table."""
        return NOTE in self.columns

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "columns": [column.as_dict() for column in self.columns],
            "details": [column.as_dict() for column in self.details],
            "rows": self.rows,
            "data": self.data,
            "notes": self.notes,
        }


# Common to every indicator of the registry (and so to every page, export and API figure).
POPULATION = (
    "Les contrats des données chargées qui répondent aux filtres, hors enregistrements de test "
    "publiés par des éditeurs de logiciels (signalement « test_record »\u00a0: SIREN d'un éditeur "
    "ou objet « test »)\u00a0: ce ne sont pas des marchés. Ils restent consultables, avec leur "
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
