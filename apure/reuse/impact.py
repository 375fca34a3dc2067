"""Impact of the exchange, counted honestly.

Per hand-over: mass diverted from waste (the lot's estimated mass per unit × quantity taken,
unless the parties weighed it), value of the new equivalent avoided (the owner's estimate of a
new unit's price × quantity), and greenhouse gas avoided = factor × mass or × pieces. The factor
is an upper bound from a generic study (see data/PROVENANCE.md); when none fits, nothing is
counted and the reason is kept. Totals say how many hand-overs had no factor.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from .choices import Category, Unit
from .models import FactorBasis, ImpactFactor, Reservation, ReservationStatus

NO_FACTOR = "Aucun facteur d'émission connu pour ce lot\u00a0: émissions évitées non comptées."
NO_MASS = "Masse inconnue\u00a0: le facteur, donné par kg, ne peut pas s'appliquer."
UNIT_MISMATCH = "Le facteur est donné par pièce, le lot n'est pas compté en unités."


@dataclass
class HandOverImpact:
    mass_kg: Decimal | None
    value_eur: Decimal | None
    co2e_kg: Decimal | None
    uncertainty_pct: int | None
    source: str
    note: str


def _co2e(factor: ImpactFactor | None, unit, quantity, mass_kg):
    """(kgCO2e or None, note)."""
    if factor is None:
        return None, NO_FACTOR
    if factor.basis == FactorBasis.PER_KG:
        if mass_kg is None:
            return None, NO_MASS
        return factor.kgco2e * mass_kg, ""
    if unit != Unit.PIECE:
        return None, UNIT_MISMATCH
    return factor.kgco2e * quantity, ""


def of_hand_over(lot, quantity: Decimal, weighed_mass_kg: Decimal | None = None) -> HandOverImpact:
    mass = weighed_mass_kg
    if mass is None and lot.unit_mass_kg is not None:
        mass = lot.unit_mass_kg * quantity
    if mass is None and lot.unit == Unit.KILOGRAM:
        mass = quantity
    value = lot.new_unit_value_eur * quantity if lot.new_unit_value_eur is not None else None
    factor = lot.factor
    co2e, note = _co2e(factor, lot.unit, quantity, mass)
    source = ""
    if factor is not None and co2e is not None:
        source = f"{factor.label}\u00a0: {factor.source}"
        if factor.source_reference:
            source += f" ({factor.source_reference})"
    return HandOverImpact(
        mass_kg=mass,
        value_eur=value,
        co2e_kg=co2e,
        uncertainty_pct=factor.uncertainty_pct if co2e is not None else None,
        source=source[:400],
        note=note,
    )


@dataclass
class Totals:
    exchanges: int
    tonnes: Decimal
    euros: Decimal
    tco2e: Decimal
    without_factor: int
    without_mass: int

    @property
    def co2e_is_partial(self):
        return self.without_factor > 0


def _sums(reservations):
    return reservations.aggregate(
        exchanges=Count("pk"),
        mass=Sum("mass_kg"),
        value=Sum("value_eur"),
        co2e=Sum("co2e_kg"),
        without_factor=Count("pk", filter=Q(co2e_kg__isnull=True)),
        without_mass=Count("pk", filter=Q(mass_kg__isnull=True)),
    )


def _totals(row) -> Totals:
    zero = Decimal(0)
    return Totals(
        exchanges=row["exchanges"],
        tonnes=(row["mass"] or zero) / 1000,
        euros=row["value"] or zero,
        tco2e=(row["co2e"] or zero) / 1000,
        without_factor=row["without_factor"],
        without_mass=row["without_mass"],
    )


def hand_overs(organisation=None):
    """Hand-overs of the network, or those where a member body gave or received."""
    done = Reservation.objects.filter(status=ReservationStatus.HANDED_OVER)
    if organisation is not None:
        done = done.involving(organisation)
    return done


def totals(organisation=None) -> Totals:
    return _totals(_sums(hand_overs(organisation)))


def by_category(organisation=None):
    labels = dict(Category.choices)
    rows = (
        hand_overs(organisation)
        .values("lot__category")
        .annotate(
            exchanges=Count("pk"),
            mass=Sum("mass_kg"),
            value=Sum("value_eur"),
            co2e=Sum("co2e_kg"),
            without_factor=Count("pk", filter=Q(co2e_kg__isnull=True)),
            without_mass=Count("pk", filter=Q(mass_kg__isnull=True)),
        )
        .order_by("lot__category")
    )
    return [(labels[row["lot__category"]], _totals(row)) for row in rows]


def by_month(organisation=None):
    rows = (
        hand_overs(organisation)
        .annotate(month=TruncMonth("handed_over_on"))
        .values("month")
        .annotate(
            exchanges=Count("pk"),
            mass=Sum("mass_kg"),
            value=Sum("value_eur"),
            co2e=Sum("co2e_kg"),
            without_factor=Count("pk", filter=Q(co2e_kg__isnull=True)),
            without_mass=Count("pk", filter=Q(mass_kg__isnull=True)),
        )
        .order_by("month")
    )
    return [(row["month"], _totals(row)) for row in rows]


EXPORT_HEADER = [
    "Date de remise",
    "Catégorie",
    "Lot",
    "Cédant",
    "Preneur",
    "Quantité remise",
    "Unité",
    "Masse détournée (kg)",
    "Dépense évitée (€ HT)",
    "Émissions évitées (kgCO2e)",
    "Incertitude (%)",
    "Source du facteur",
    "Remarque",
]


def export_rows(organisation=None):
    """One row per hand-over, for the CSV/XLSX export."""
    for item in (
        hand_overs(organisation)
        .select_related("lot", "lot__organisation", "requester")
        .order_by("handed_over_on", "pk")
    ):
        yield [
            item.handed_over_on,
            item.lot.get_category_display(),
            item.lot.title,
            item.lot.organisation.name,
            item.requester.name,
            item.handed_quantity,
            item.lot.unit_symbol,
            item.mass_kg,
            item.value_eur,
            item.co2e_kg,
            item.co2e_uncertainty_pct,
            item.co2e_source,
            item.co2e_note,
        ]
