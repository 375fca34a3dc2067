"""Concessionaire's annual report: environmental and social measures (R3131-3, 21 Aug 2026)."""

from apure.reference.legal import first

from ..draft import APPLICABLE, NOT_APPLICABLE, RuleResult
from ..thresholds import french_date

CODE = "rapport-concessionnaire"
TITLE = "Rapport annuel du concessionnaire\u00a0: mesures environnementales et sociales"


def evaluate(draft):
    content = first("concession_annual_report_content")
    start = content.as_date
    details = {"certainty": content.certainty, "source": content.source}
    if draft.kind != "concession":
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, content.reference,
                          "Ce rapport ne concerne que les contrats de concession.",
                          details=details)  # fmt: skip
    if draft.launch_date < start:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, content.reference,
            f"La consultation est lancée avant le {french_date(start)}\u00a0: le rapport annuel du "
            "concessionnaire reste dû, mais le décret n° 2022-767 n'impose d'y décrire les "
            "mesures environnementales et sociales que pour les concessions lancées à partir "
            "de cette date.",
            applies_from=start, details=details,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, APPLICABLE, content.reference,
        "Le rapport que le concessionnaire remet chaque année à l'autorité concédante décrit "
        "les mesures prises pour protéger l'environnement et pour l'insertion par l'activité "
        "économique dans l'exécution du contrat\u00a0: prévoyez-le dans le contrat.",
        applies_from=start, details=details,
    )  # fmt: skip
