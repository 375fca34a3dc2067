"""Sizing of the insertion clause: hours = amount × labour share × insertion rate ÷ hourly cost.

Defaults are practitioners' usual assumptions, not legal values (FACTS.md §5.2): an insertion
rate of 5 % of the labour cost and a loaded hourly cost of 30 € (the mefsud77.fr worked example:
1 M€ of building works → 500 k€ of labour → 25 k€ → ≈ 833 hours). The buyer edits all three.
"""

from dataclasses import dataclass
from decimal import Decimal

DEFAULT_RATE = Decimal("0.05")
DEFAULT_HOURLY_COST = Decimal("30")
# Used only when the segment is unknown: the building-works order of magnitude of FACTS.md §5.2.
FALLBACK_LABOUR_SHARE = Decimal("0.5")
SOURCE = (
    "Méthode des facilitateurs des clauses sociales (exemple mefsud77.fr, recueil Alliance "
    "Villes Emploi) : taux d'insertion usuel 5 % (5 à 10 % selon les pratiques), coût horaire "
    "chargé de 25 à 30 €."
)


FORMULA = "heures = montant HT × part de main-d'œuvre × taux d'insertion ÷ coût horaire"


@dataclass
class InsertionSizing:
    amount: Decimal
    labour_share: Decimal
    rate: Decimal
    hourly_cost: Decimal
    labour_share_source: str

    @staticmethod
    def _percent(value: Decimal) -> str:
        text = f"{value * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text}\u00a0%"

    @property
    def labour_share_percent(self) -> str:
        return self._percent(self.labour_share)

    @property
    def rate_percent(self) -> str:
        return self._percent(self.rate)

    @property
    def labour_amount(self) -> Decimal:
        return self.amount * self.labour_share

    @property
    def insertion_amount(self) -> Decimal:
        return self.labour_amount * self.rate

    @property
    def hours(self) -> int:
        if not self.hourly_cost:
            return 0
        return int((self.insertion_amount / self.hourly_cost).to_integral_value())

    @property
    def full_time_equivalents(self) -> Decimal:
        # 1,607 hours: the legal yearly working time in France.
        return (Decimal(self.hours) / Decimal(1607)).quantize(Decimal("0.1"))

    def as_dict(self) -> dict:
        return {
            "montant_ht": float(self.amount),
            "part_main_oeuvre": float(self.labour_share),
            "source_part_main_oeuvre": self.labour_share_source,
            "taux_insertion": float(self.rate),
            "cout_horaire": float(self.hourly_cost),
            "heures": self.hours,
            "formule": FORMULA,
        }


def size_insertion(amount, segment=None, labour_share=None, rate=None, hourly_cost=None):
    if labour_share is not None:
        share, source = Decimal(str(labour_share)), "valeur saisie"
    elif segment is not None:
        share, source = Decimal(segment.labour_share), f"segment « {segment.label} »"
    else:
        share, source = FALLBACK_LABOUR_SHARE, "hypothèse par défaut (segment inconnu)"
    return InsertionSizing(
        amount=Decimal(str(amount)),
        labour_share=share,
        rate=Decimal(str(rate)) if rate is not None else DEFAULT_RATE,
        hourly_cost=Decimal(str(hourly_cost)) if hourly_cost is not None else DEFAULT_HOURLY_COST,
        labour_share_source=source,
    )
