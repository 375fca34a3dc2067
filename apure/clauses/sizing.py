"""Sizing of the insertion clause: hours = amount × labour share × insertion rate ÷ hourly cost.

Defaults are practitioners' usual assumptions, not legal values (docs/SOURCES.md §5.2): an insertion
rate of 5 % of the labour cost and a loaded hourly cost of 30 € (the mefsud77.fr worked example:
1 M€ of building works → 500 k€ of labour → 25 k€ → ≈ 833 hours). The buyer edits all three.

The labour share depends on the nature of the purchase, not only on its segment: a catering
segment's service share means nothing for a supply of foodstuffs. A condition of execution must
be linked to the subject of the contract and proportionate to it (art. L2112-2 and L2112-3 CCP):
for a pure supply, the labour is the maker's, outside the contract, and no figure is given.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from apure.search.text import fold

DEFAULT_RATE = Decimal("0.05")
DEFAULT_HOURLY_COST = Decimal("30")
DEFAULT_DURATION_MONTHS = 12
# Used only when no segment of the purchase's nature is known: the building-works order of
# magnitude of docs/SOURCES.md §5.2.
FALLBACK_LABOUR_SHARE = Decimal("0.5")
# Ceiling of the labour share of a supply that includes installation or services on site:
# delivery, assembly and start-up are a small part of the price (supply segments: 5 to 15 %).
SUPPLY_WITH_SERVICES_SHARE = Decimal("0.10")
# Words of an object announcing work done for the buyer beyond delivery. Meals are cooked for
# the buyer: the kitchen's labour belongs to the contract, unlike that of a food producer.
_SERVICE_WORDS = re.compile(
    r"\b(install\w*|pose|montage|mise en service|maintenance|deploiement|mise en place|"
    r"prestations?|services?|repas|restauration)\b"
)
SOURCE = (
    "Méthode des facilitateurs des clauses sociales (exemple mefsud77.fr, recueil Alliance "
    "Villes Emploi)\u00a0: taux d'insertion usuel 5 % (5 à 10 % selon les pratiques), coût horaire "
    "chargé de 25 à 30 €."
)
PURE_SUPPLY_EXPLANATION = (
    "Marché de fournitures sans pose, installation ni service annoncés dans l'objet\u00a0: la "
    "main-d'œuvre est celle du fabricant, hors du marché. Un volume d'heures d'insertion ne "
    "serait ni lié à l'objet ni proportionné (art. L2112-2 et L2112-3 CCP)\u00a0: aucun chiffre "
    "n'est proposé. Envisagez plutôt un marché réservé (art. L2113-12 et L2113-13 CCP) ou un "
    "critère d'insertion, ou saisissez une part de main-d'œuvre si le marché comporte des "
    "prestations."
)

FORMULA = "heures = montant HT × part de main-d'œuvre × taux d'insertion ÷ coût horaire"


@dataclass
class InsertionSizing:
    amount: Decimal
    labour_share: Decimal | None
    rate: Decimal
    hourly_cost: Decimal
    labour_share_source: str
    duration_months: int = DEFAULT_DURATION_MONTHS
    # Why no figure is given, when labour_share is None.
    explanation: str = ""

    @staticmethod
    def _percent(value: Decimal) -> str:
        text = f"{value * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text}\u00a0%"

    @property
    def sized(self) -> bool:
        return self.labour_share is not None

    @property
    def labour_share_percent(self) -> str:
        return self._percent(self.labour_share) if self.sized else ""

    @property
    def rate_percent(self) -> str:
        return self._percent(self.rate)

    @property
    def labour_amount(self) -> Decimal | None:
        return self.amount * self.labour_share if self.sized else None

    @property
    def insertion_amount(self) -> Decimal | None:
        return self.labour_amount * self.rate if self.sized else None

    @property
    def hours(self) -> int | None:
        if not self.sized:
            return None
        if not self.hourly_cost:
            return 0
        return int((self.insertion_amount / self.hourly_cost).to_integral_value())

    @property
    def hours_per_year(self) -> int | None:
        if self.hours is None:
            return None
        return int((Decimal(self.hours) * 12 / self.duration_months).to_integral_value())

    @property
    def full_time_equivalents(self) -> Decimal | None:
        if self.hours is None:
            return None
        # 1,607 hours: the legal yearly working time in France.
        return (Decimal(self.hours) / Decimal(1607)).quantize(Decimal("0.1"))

    def as_dict(self) -> dict:
        return {
            "montant_ht": float(self.amount),
            "part_main_oeuvre": float(self.labour_share) if self.sized else None,
            "source_part_main_oeuvre": self.labour_share_source,
            "taux_insertion": float(self.rate),
            "cout_horaire": float(self.hourly_cost),
            "duree_mois": self.duration_months,
            "heures": self.hours,
            "heures_par_an": self.hours_per_year,
            "explication": self.explanation,
            "formule": FORMULA,
        }


def announces_services(text: str) -> bool:
    """Whether an object announces work on site beyond delivery (« fourniture et pose »)."""
    return bool(_SERVICE_WORDS.search(fold(text or "")))


def labour_share_for(nature, segment, object_text="") -> tuple[Decimal | None, str]:
    """(share, its origin) for a purchase of this nature; None: no sensible figure."""
    if nature == "fournitures":
        if not announces_services(object_text):
            return None, "fournitures seules"
        share = SUPPLY_WITH_SERVICES_SHARE
        if segment is not None and segment.nature == "fournitures":
            share = min(Decimal(segment.labour_share), share)
        return (
            share,
            "fournitures avec prestations (pose, installation, préparation)\u00a0: part réduite",
        )
    if segment is not None and (nature is None or segment.nature == nature):
        return Decimal(segment.labour_share), f"segment « {segment.label} »"
    return FALLBACK_LABOUR_SHARE, "hypothèse par défaut (segment de cette nature inconnu)"


def size_insertion(
    amount,
    segment=None,
    labour_share=None,
    rate=None,
    hourly_cost=None,
    *,
    nature=None,
    object_text="",
    duration_months=None,
):
    if labour_share is not None:
        share, source = Decimal(str(labour_share)), "valeur saisie"
    else:
        share, source = labour_share_for(nature, segment, object_text)
    return InsertionSizing(
        amount=Decimal(str(amount)),
        labour_share=share,
        rate=Decimal(str(rate)) if rate is not None else DEFAULT_RATE,
        hourly_cost=Decimal(str(hourly_cost)) if hourly_cost is not None else DEFAULT_HOURLY_COST,
        labour_share_source=source,
        duration_months=int(duration_months or DEFAULT_DURATION_MONTHS),
        explanation="" if share is not None else PURE_SUPPLY_EXPLANATION,
    )
