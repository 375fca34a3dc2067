"""Loi Climat et résilience art. 35: specifications take sustainable development into account."""

from apure.reference.legal import first

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import french_date
from ._climat_law import law_status

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
        # changes (docs/SOURCES.md §2.1), so citing it for a concession would overstate the law.
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            "L'article L2111-2 vise les marchés publics\u00a0: pour un contrat de concession, "
            "l'article équivalent n'est pas vérifié dans nos sources. Tenez compte du "
            "développement durable dans les spécifications par prudence.",
            details=details,
        )  # fmt: skip
    status, _sentence, start = law_status(draft)
    if status == APPLICABLE:
        return RuleResult(
            CODE, TITLE, APPLICABLE, reference,
            "Les spécifications techniques doivent prendre en compte des objectifs de "
            "développement durable dans leurs dimensions économique, sociale et "
            "environnementale. La définition des besoins en tient compte aussi (art. L2111-1).",
            applies_from=start, details=details,
        )  # fmt: skip
    # Before the art. 35 date the duty is not void: L2111-1 already asks for sustainable
    # development objectives when the needs are defined (docs/SOURCES.md §11.1).
    needs = first("needs_definition_sustainable")
    details.update(needs_certainty=needs.certainty, needs_source=needs.source)
    return RuleResult(
        CODE, TITLE, APPLICABLE, needs.reference,
        "La nature et l'étendue des besoins sont déterminées en prenant en compte des objectifs "
        "de développement durable dans leurs dimensions économique, sociale et environnementale "
        f"(art. L2111-1, en vigueur depuis le {french_date(needs.as_date)}). L'article L2111-2, "
        "qui impose d'en tenir compte aussi dans les spécifications techniques, vaut pour les "
        f"consultations lancées à partir du {french_date(start)} au plus tard"
        + ("\u00a0; pour une procédure lancée la veille, appliquez-le par prudence." if status ==
           TO_CHECK else "."),
        applies_from=needs.as_date, details=details,
    )  # fmt: skip
