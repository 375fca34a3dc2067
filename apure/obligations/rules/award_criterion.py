"""Loi Climat et résilience art. 35: at least one environmental award criterion."""

from ..draft import APPLICABLE, NOT_APPLICABLE, RuleResult
from ..reference import first
from ..thresholds import french_date

CODE = "critere-environnemental"
TITLE = "Critère d'attribution environnemental"


def evaluate(draft):
    decree = first("climat_resilience_decree_rules")
    start = decree.as_date
    if draft.kind == "concession":
        reference = "Art. L3124-5 et R3124-4 CCP (loi n° 2021-1104, art. 35 ; décret n° 2022-767)"
    else:
        reference = "Art. L2152-7 et R2152-7 CCP (loi n° 2021-1104, art. 35 ; décret n° 2022-767)"
    details = {"certainty": decree.certainty, "source": decree.source}
    if draft.defence_or_security:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            "Les marchés de défense ou de sécurité sont hors du champ de l'article 35 de la loi "
            "Climat et résilience : le critère environnemental y reste facultatif.",
            details=details,
        )  # fmt: skip
    if draft.launch_date < start:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            f"La procédure est lancée avant le {french_date(start)} : l'obligation ne s'applique "
            "pas encore et le prix peut rester le critère unique. Un critère environnemental est "
            "néanmoins recommandé, il deviendra obligatoire pour les consultations lancées à "
            "partir de cette date.",
            applies_from=start, details=details,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, APPLICABLE, reference,
        "Au moins un critère d'attribution doit porter sur les caractéristiques "
        "environnementales de l'offre. Le critère unique du prix disparaît : un critère unique "
        "n'est plus possible que s'il s'agit du coût, calculé selon une approche globale "
        "(éventuellement le coût du cycle de vie) qui intègre ces caractéristiques.",
        applies_from=start, details=details,
    )  # fmt: skip
