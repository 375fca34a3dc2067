"""The yearly AGEC art. 58 declaration of a body: one line per category of décret 2024-134,
pre-filled from the DECP store and the reuse exchange, every value editable and marked, the
floors of the year beside, and the export in the official data.gouv.fr schema.

Categories, their CPV prefixes and floors come from apure.obligations (one place for the law);
the export's columns and labels from the official schema shipped in data/.
"""

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import transaction

from apure.obligations import reference as obligations_reference
from apure.reuse.choices import Category as ReuseCategory
from apure.reuse.choices import Price
from apure.reuse.models import Reservation

from . import body_figures
from .models import AgecDeclaration, AgecLine, Origin

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "agec_declaration_schema.json"
AMOUNT_FIELDS = ("total_eur", "reuse_eur", "donation_eur", "recycled_eur")
CENT = Decimal("0.01")
# Exchange categories that are AGEC categories (our own reading; building materials are not
# among the 17): 9 = « Mobilier et aménagement d'intérieur », 2 = « Matériel informatique… ».
REUSE_TO_AGEC = {ReuseCategory.FURNITURE: 9, ReuseCategory.IT: 2}
UNKNOWN_FLOOR = "taux non connu"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def columns() -> list[str]:
    return [field["name"] for field in schema()["fields"]]


def categories() -> list[dict]:
    return obligations_reference.agec()["categories"]


def category_label(number: int) -> str:
    return next(c["label"] for c in categories() if c["number"] == number)


# --- floors --------------------------------------------------------------------------------------
def period_keys() -> list[str]:
    return [period["key"] for period in obligations_reference.agec()["periods"]]


def period_of_year(year: int) -> str | None:
    """The floors a year's spend is compared with (its last day decides: 2024 starts in July)."""
    period = obligations_reference.agec_period(date(year, 12, 31))
    return period["key"] if period else None


@dataclass(frozen=True)
class Floor:
    kind: str  # reuse or recycled
    percent: float | None  # None: not known (never invented)
    share: Decimal | None  # the line's share of the category's total spend, in %
    # An uncertain floor ([U] in the reference data: sources disagree or do not say which
    # rate it is) is shown « à vérifier » and never judged met or not met.
    certain: bool = True

    @property
    def met(self) -> bool | None:
        if self.percent is None or self.share is None or not self.certain:
            return None
        return self.share >= Decimal(str(self.percent))

    @property
    def label(self) -> str:
        if self.percent is None:
            return UNKNOWN_FLOOR
        shown = f"{self.percent:g}\u202f%"
        return shown if self.certain else f"{shown} (à vérifier)"


def _category(number: int) -> dict:
    return next(c for c in categories() if c["number"] == number)


def _is_certain(category: dict) -> bool:
    return category.get("certainty") != "U"


def floor_grid(number: int) -> list[dict]:
    """The floors of a category in each period (2024, 2027, 2030), « taux non connu » if none."""
    category = _category(number)
    certain = _is_certain(category)
    grid = []
    for key in period_keys():
        period = category["floors"].get(key) or {}
        grid.append(
            {
                "period": key,
                "reuse": Floor("reuse", period.get("reuse"), None, certain).label,
                "recycled": Floor("recycled", period.get("recycled"), None, certain).label,
            }
        )
    return grid


def _share(part, total) -> Decimal | None:
    if part is None or not total:
        return None
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def floors_of(line: AgecLine, year: int) -> list[Floor]:
    """The line's reuse and recycled shares against the floors of the year's period."""
    key = period_of_year(year)
    category = _category(line.category)
    certain = _is_certain(category)
    period = (category["floors"].get(key) if key else None) or {}
    return [
        Floor("reuse", period.get("reuse"), _share(line.reuse_eur, line.total_eur), certain),
        Floor(
            "recycled", period.get("recycled"), _share(line.recycled_eur, line.total_eur), certain
        ),
    ]


# --- pre-filling ----------------------------------------------------------------------------------
def decp_spend(organisation, year) -> dict[int, Decimal]:
    """Estimated spend per category: marchés notified in the year whose CPV falls in it.

    An estimate: the DECP give amounts notified (often several years' worth, or a ceiling),
    not amounts spent in the year, and leave out marchés under the DECP threshold."""
    spend: dict[int, Decimal] = {}
    for cpv, amount in (body_figures.marche_amounts_by_cpv(organisation, year) or {}).items():
        category = obligations_reference.agec_category(cpv)
        if category and amount:
            number = category["number"]
            spend[number] = spend.get(number, Decimal(0)) + Decimal(str(amount))
    return {number: value.quantize(CENT) for number, value in spend.items()}


def exchange_received(organisation, year) -> dict[int, dict[str, Decimal]]:
    """Lots the body received through the exchange in the year, valued at the new value they
    replaced; free lots also count as donations."""
    received: dict[int, dict[str, Decimal]] = {}
    handed = Reservation.objects.handed_over().filter(
        requester=organisation, handed_over_on__year=year, value_eur__isnull=False
    )
    for reservation in handed.select_related("lot"):
        number = REUSE_TO_AGEC.get(reservation.lot.category)
        if number is None:
            continue
        line = received.setdefault(number, {"reuse": Decimal(0), "donation": Decimal(0)})
        line["reuse"] += reservation.value_eur
        if reservation.lot.price == Price.FREE:
            line["donation"] += reservation.value_eur
    return received


def prefill(declaration: AgecDeclaration) -> None:
    """Fill every value the data can give and the body has not entered itself."""
    spend = decp_spend(declaration.organisation, declaration.year)
    received = exchange_received(declaration.organisation, declaration.year)
    for line in declaration.lines.all():
        suggestions = {}
        if line.category in spend:
            suggestions["total_eur"] = (spend[line.category], Origin.DECP)
        if line.category in received:
            suggestions["reuse_eur"] = (received[line.category]["reuse"], Origin.EXCHANGE)
            suggestions["donation_eur"] = (received[line.category]["donation"], Origin.EXCHANGE)
        for field, (value, origin) in suggestions.items():
            if getattr(line, origin_field(field)) != Origin.ENTERED:
                setattr(line, field, value)
                setattr(line, origin_field(field), origin)
        line.save()


def origin_field(amount_field: str) -> str:
    return amount_field.replace("_eur", "_origin")


def default_siret(organisation) -> str:
    sirets = body_figures.body_sirets(organisation)
    return sirets[0] if sirets else ""


@transaction.atomic
def open_declaration(organisation, year) -> AgecDeclaration:
    """The body's declaration for the year, created with its 17 lines and pre-filled once."""
    declaration, created = AgecDeclaration.objects.get_or_create(
        organisation=organisation, year=year
    )
    if created:
        declaration.siret = default_siret(organisation)
        declaration.save(update_fields=["siret"])
        AgecLine.objects.bulk_create(
            AgecLine(declaration=declaration, category=c["number"]) for c in categories()
        )
        prefill(declaration)
    return declaration


def mark_entered(line: AgecLine, changed: list[str]) -> None:
    """A value the buyer typed is its own: marked « saisi » (or unknown when cleared)."""
    for field in AMOUNT_FIELDS:
        if field in changed:
            cleared = getattr(line, field) is None
            setattr(line, origin_field(field), Origin.UNKNOWN if cleared else Origin.ENTERED)


# --- export --------------------------------------------------------------------------------------
def _amount(value: Decimal) -> str:
    return f"{value.quantize(CENT)}"


def is_complete(line: AgecLine) -> bool:
    return all(getattr(line, field) is not None for field in AMOUNT_FIELDS)


def export_problems(declaration) -> list[str]:
    """Why the declaration cannot be exported yet (French), or nothing."""
    pattern = next(f for f in schema()["fields"] if f["name"] == "siret")["constraints"]["pattern"]
    problems = []
    if not re.fullmatch(pattern, declaration.siret or ""):
        problems.append("Le SIRET déclarant doit compter 14 chiffres.")
    if not any(is_complete(line) for line in declaration.lines.all()):
        problems.append(
            "Aucune catégorie n'a ses quatre montants renseignés (total, réemploi et dons, "
            "dont dons, matières recyclées)."
        )
    return problems


def export_rows(declaration) -> list[dict]:
    """The declaration's complete lines, as rows of the official schema (column order kept)."""
    rows = []
    for line in declaration.lines.all():
        if not is_complete(line):
            continue
        values = [
            str(declaration.year),
            declaration.siret,
            declaration.organisation.name,
            category_label(line.category),
            _amount(line.total_eur),
            _amount(line.reuse_eur),
            _amount(line.donation_eur),
            _amount(line.recycled_eur),
            line.comment,
        ]
        rows.append(dict(zip(columns(), values, strict=True)))
    return rows


def incomplete_categories(declaration) -> list[str]:
    """Categories with some amount entered but not all four: left out of the export."""
    return [
        category_label(line.category)
        for line in declaration.lines.all()
        if not is_complete(line) and any(getattr(line, f) is not None for f in AMOUNT_FIELDS)
    ]


def write_csv(declaration, stream) -> None:
    writer = csv.DictWriter(stream, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(declaration))


def summary(declaration) -> dict:
    """Totals over the declared lines, for the SPASER report."""
    lines = [line for line in declaration.lines.all() if line.total_eur is not None]
    total = sum((line.total_eur for line in lines), Decimal(0))
    reuse = sum((line.reuse_eur or 0 for line in lines), Decimal(0))
    recycled = sum((line.recycled_eur or 0 for line in lines), Decimal(0))
    return {
        "categories": len(lines),
        "total_eur": total,
        "reuse_eur": reuse,
        "recycled_eur": recycled,
        "reuse_share": _share(reuse, total),
        "recycled_share": _share(recycled, total),
    }
