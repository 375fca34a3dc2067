"""French wording of an estimate: never a bare number, always its bounds beside it."""

import math

from .reference import UNKNOWN_FACTOR

NBSP = "\u202f"  # narrow no-break space, the French thousands separator
NB = "\u00a0"  # no-break space, before « : » and « ; » in French


def significant(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant figures (an estimate at ±80 % has no more)."""
    if not value:
        return 0
    magnitude = math.floor(math.log10(abs(value)))
    return round(value, digits - 1 - magnitude)


def number(value: float, digits: int) -> str:
    rounded = significant(value, digits)
    if abs(rounded) >= 10 or rounded == int(rounded):
        return f"{round(rounded):,}".replace(",", NBSP)
    return f"{rounded:g}".replace(".", ",")


def tonnes(value) -> str:
    return "n.d." if value is None else f"{number(value, 3)} tCO2e"


def bounds_phrase(estimate) -> str:
    """« ≈ 12 300 tCO2e (entre 2 500 et 22 000) », or why there is no figure."""
    if estimate is None:
        return f"estimation impossible{NB}: aucune donnée importée"
    if not estimate.has_value:
        return f"estimation impossible{NB}: {estimate.reason}"
    if not estimate.has_central:
        return (
            f"pas d'estimation centrale{NB}: {estimate.reason}{NB}; à leur maximum, au plus "
            f"{number(estimate.high, 2)} tCO2e"
        )
    # The bounds are not symmetric when framework agreements are in the view: say why.
    ceilings = ", accords-cadres dans la borne haute seulement" if estimate.framework_kg else ""
    return (
        f"≈ {tonnes(estimate.tco2e)} (entre {number(estimate.low, 2)} "
        f"et {number(estimate.high, 2)}{ceilings})"
    )


def framework_sentence(estimate) -> str:
    """What the view's framework agreements weigh and where they count, or "" when none."""
    if estimate is None or not estimate.framework_amount_eur:
        return ""
    sentence = (
        f"Accords-cadres{NB}: {euros(estimate.framework_amount_eur)} HT de montants maximums, "
        f"des plafonds et non des dépenses{NB}: ils ne sont comptés ni dans la valeur centrale "
        "ni dans la borne basse, seulement dans la borne haute"
    )
    if estimate.framework_kg:
        sentence += (
            f"{NB}; à leur maximum, ils ajouteraient {tonnes(estimate.framework_tco2e)} "
            "à la valeur centrale"
        )
    return sentence + "."


def coverage_sentence(estimate) -> str:
    """« Couverture : 69 % du montant des marchés hors accords-cadres (1 750 000 € HT) a un
    ratio connu ; … » — the one wording of pages, reports and PDF ("" without an amount)."""
    if estimate is None or not estimate.amount_eur:
        return ""
    if estimate.firm_amount_eur <= 0:
        return f"Couverture{NB}: sans objet, tous les marchés de cette vue sont des accords-cadres."
    sentence = (
        f"Couverture{NB}: {percent(estimate.coverage)} du montant des marchés hors "
        f"accords-cadres ({euros(estimate.firm_amount_eur)} HT) a un ratio connu"
    )
    if estimate.firm_unknown_factor_eur:
        sentence += (
            f"{NB}; {euros(estimate.firm_unknown_factor_eur)} HT relèvent de secteurs au "
            f"«{NB}facteur inconnu{NB}» et ne sont pas comptés (jamais comptés comme zéro)"
        )
    return sentence + "."


def euros(value) -> str:
    return f"{round(value):,}{NBSP}€".replace(",", NBSP)


def percent(share) -> str:
    return "n.d." if share is None else f"{100 * share:.0f}{NBSP}%"


def euro_years(estimate) -> str:
    years = [str(year) for year in estimate.euro_years]
    if not years:
        return "n.d."
    return years[0] if len(years) == 1 else ", ".join(years[:-1]) + " et " + years[-1]


def ratio_phrase(ratio) -> str:
    """« 540 kgCO2e/k€ HT (euros 2023, [S]) » or « facteur inconnu »."""
    if ratio is None or not ratio.known:
        return UNKNOWN_FACTOR
    value = f"{ratio.kg_per_keur:g}".replace(".", ",")
    return f"{value} kgCO2e/k€ HT (euros {ratio.euro_year}, [{ratio.status}])"
