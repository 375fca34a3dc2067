"""Loi Climat et résilience art. 35: environmental execution condition in every contract."""

from apure.reference.legal import first

from ..draft import NOT_APPLICABLE, RuleResult
from ._climat_law import law_result

CODE = "condition-environnementale"
TITLE = "Condition d'exécution environnementale"


def evaluate(draft):
    law = first("climat_resilience_law_rules")
    if draft.kind == "concession":
        reference = "Art. L3114-2 CCP (loi n° 2021-1104, art. 35)"
    else:
        reference = "Art. L2112-2 CCP (loi n° 2021-1104, art. 35)"
    details = {"certainty": law.certainty, "source": law.source}
    if draft.defence_or_security:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, "Art. L2312-1-1 CCP",
            "Pour les marchés de défense ou de sécurité, les conditions d'exécution « peuvent » "
            "prendre en compte l'environnement\u00a0: c'est une faculté, pas une obligation.",
            details=details,
        )  # fmt: skip
    return law_result(
        draft, CODE, TITLE, reference,
        "Les conditions d'exécution doivent prendre en compte des considérations relatives à "
        "l'environnement, quel que soit le montant du contrat.",
        details,
    )  # fmt: skip
