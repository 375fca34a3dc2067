"""Loi Climat et résilience art. 35: specifications take sustainable development into account."""

from ..draft import NOT_APPLICABLE, TO_CHECK, RuleResult
from ..reference import first
from ._climat_law import law_result

CODE = "specifications-durables"
TITLE = "Spécifications techniques et développement durable"


def evaluate(draft):
    law = first("climat_resilience_law_rules")
    reference = "Art. L2111-2 CCP (loi n° 2021-1104, art. 35)"
    details = {"certainty": law.certainty, "source": law.source}
    if draft.defence_or_security:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            "Les marchés de défense ou de sécurité sont hors du champ de l'article 35 de la loi "
            "Climat et résilience.",
            details=details,
        )  # fmt: skip
    if draft.kind == "concession":
        # L2111-2 governs marchés; no concession twin is listed among the verified art. 35
        # changes (FACTS.md §2.1), so citing it for a concession would overstate the law.
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            "L'article L2111-2 vise les marchés publics : pour un contrat de concession, "
            "l'article équivalent n'est pas vérifié dans nos sources. Tenez compte du "
            "développement durable dans les spécifications par prudence.",
            details=details,
        )  # fmt: skip
    return law_result(
        draft, CODE, TITLE, reference,
        "Les spécifications techniques doivent prendre en compte des objectifs de développement "
        "durable dans leurs dimensions économique, sociale et environnementale.",
        details,
    )  # fmt: skip
