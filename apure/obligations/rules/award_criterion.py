"""Loi Climat et résilience art. 35: at least one environmental award criterion."""

from apure.reference.legal import first, value

from ..draft import APPLICABLE, NOT_APPLICABLE, RuleResult
from ..thresholds import french_date

CODE = "critere-environnemental"
TITLE = "Critère d'attribution environnemental"


def _price_only(draft) -> str:
    """What the code allowed for a price-only award before the decree (never for works)."""
    if draft.kind == "concession":
        several = first("concession_several_criteria")
        return (
            "Une concession est toujours attribuée sur plusieurs critères, dont la qualité du "
            f"service pour une concession de service public ({several.reference})\u00a0: le prix "
            "ne peut pas être le critère unique."
        )
    regime = value("price_only_criterion_regime", draft.launch_date)
    if draft.nature == "travaux":
        return (
            "Pour des travaux, le prix n'a jamais pu être le critère unique\u00a0: prévoyez "
            "plusieurs critères, ou le seul coût calculé selon une approche globale "
            f"({regime.reference})."
        )
    return (
        "Le prix ne peut être le critère unique que pour des services ou fournitures "
        "standardisés dont la qualité ne varie pas d'un opérateur à l'autre\u00a0; sinon, prévoyez "
        f"plusieurs critères ({regime.reference})."
    )


def evaluate(draft):
    decree = first("climat_resilience_decree_rules")
    start = decree.as_date
    if draft.kind == "concession":
        reference = (
            "Art. L3124-5 et R3124-4 CCP (loi n° 2021-1104, art. 35\u00a0; décret n° 2022-767)"
        )
    else:
        reference = (
            "Art. L2152-7 et R2152-7 CCP (loi n° 2021-1104, art. 35\u00a0; décret n° 2022-767)"
        )
    details = {"certainty": decree.certainty, "source": decree.source}
    if draft.defence_or_security:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            "Les marchés de défense ou de sécurité sont hors du champ de l'article 35 de la loi "
            "Climat et résilience\u00a0: le critère environnemental y reste facultatif.",
            details=details,
        )  # fmt: skip
    if draft.launch_date < start:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            f"La procédure est lancée avant le {french_date(start)}\u00a0: le critère "
            "environnemental n'est pas encore obligatoire (il le devient pour les consultations "
            f"lancées à partir de cette date), mais il reste recommandé. {_price_only(draft)}",
            applies_from=start, details=details,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, APPLICABLE, reference,
        "Au moins un critère d'attribution doit porter sur les caractéristiques "
        "environnementales de l'offre. Le critère unique du prix disparaît\u00a0: un critère "
        "unique n'est plus possible que s'il s'agit du coût, calculé selon une approche globale "
        "(éventuellement le coût du cycle de vie) qui intègre ces caractéristiques.",
        applies_from=start, details=details,
    )  # fmt: skip
