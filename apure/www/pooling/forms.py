"""The chooser of the pooling pages: a territory, a kind of purchase, a period.

Plain data for a light template (like the observatory's filters). A choice is read from the
query string; what is wrong is said in French and the rest kept.
"""

import re
from dataclasses import dataclass, field

from apure.observatory import geography
from apure.pooling import calendar
from apure.pooling.purchases import Purchase, choices
from apure.pooling.territories import Territory

TERRITORY_VALUE = re.compile(r"(departement|region)-([0-9AB]{2,3})")


@dataclass
class Choice:
    territory: Territory | None = None
    purchase: Purchase | None = None
    period_years: int = calendar.DEFAULT_PERIOD_YEARS
    errors: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.territory is not None and self.purchase is not None


def period_years(query) -> int:
    raw = query.get("annees", "")
    if raw.isdecimal() and int(raw) in calendar.PERIOD_CHOICES:
        return int(raw)
    return calendar.DEFAULT_PERIOD_YEARS


def parse(query) -> Choice:
    choice = Choice(period_years=period_years(query))
    epci = query.get("epci", "").replace(" ", "")
    territory_value = query.get("territoire", "")
    if epci:
        choice.territory = Territory.parse("epci", epci)
        if choice.territory is None:
            choice.errors.append(f"EPCI inconnu\u00a0: « {epci[:20]} » (SIREN de 9 chiffres).")
    elif match := TERRITORY_VALUE.fullmatch(territory_value):
        choice.territory = Territory.parse(match[1], match[2])
    if choice.territory is None and not epci and "territoire" in query:
        choice.errors.append("Choisissez un territoire\u00a0: département, région ou EPCI.")
    cpv = query.get("cpv", "").strip()
    if cpv:
        choice.purchase = Purchase.for_cpv_class(cpv) if cpv.isdecimal() else None
        if choice.purchase is None:
            choice.errors.append(
                f"Classe CPV inconnue\u00a0: « {cpv[:20]} » (4 chiffres du CPV 2008, ex. 4521)."
            )
    else:
        choice.purchase = Purchase.parse(query.get("segment", ""))
        if choice.purchase is None and "segment" in query:
            choice.errors.append("Choisissez un segment d'achat ou une classe CPV.")
    return choice


def fields(choice: Choice) -> dict:
    """Options of the chooser's lists, the current values selected."""
    territory = choice.territory
    is_listed = territory is not None and territory.kind != "epci"
    selected = f"{territory.kind}-{territory.code}" if is_listed else ""
    purchase = choice.purchase
    return {
        "regions": [
            (f"region-{code}", name, selected == f"region-{code}")
            for code, name in sorted(geography.regions().items(), key=lambda item: item[1])
        ],
        "departements": [
            (f"departement-{code}", f"{code} {name}", selected == f"departement-{code}")
            for code, (name, _) in geography.departements().items()
        ],
        "epci": territory.code if territory and territory.kind == "epci" else "",
        "segments": [
            (code, label, bool(purchase and purchase.segment == code)) for code, label in choices()
        ],
        "cpv": purchase.cpv_class if purchase else "",
        "periods": [
            (years, f"{years} ans", years == choice.period_years)
            for years in calendar.PERIOD_CHOICES
        ],
    }
