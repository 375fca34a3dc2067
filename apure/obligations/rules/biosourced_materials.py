"""Biosourced or low-carbon materials in heavy renovations and new buildings (L228-4 C. env.)."""

from apure.reference.legal import first

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import NATURE_UNKNOWN, french_date, percent

CODE = "materiaux-biosources"
TITLE = "Matériaux biosourcés ou bas-carbone (constructions et rénovations lourdes)"


def evaluate(draft):
    start = first("biosourced_materials_from")
    share = first("biosourced_materials_share")
    reference = start.reference
    details = {"share": share.value, "certainty": share.certainty, "source": share.source}
    if draft.nature is None:
        return RuleResult(CODE, TITLE, TO_CHECK, reference, NATURE_UNKNOWN, details=details)
    if draft.nature != "travaux":
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          "L'objectif concerne les travaux de construction et de rénovation "
                          "lourde.", details=details)  # fmt: skip
    rule = (
        f"À partir du {french_date(start.as_date)}, l'usage de matériaux biosourcés ou "
        f"bas-carbone intervient dans au moins {percent(share.value)} des rénovations lourdes "
        "et des constructions relevant de la commande publique (la part s'apprécie sur "
        "l'ensemble des opérations de l'acheteur)."
    )
    # The works count in the 2030 share if they are still running then.
    if draft.end_date is None:
        return RuleResult(CODE, TITLE, TO_CHECK, reference,
                          rule + " Indiquez la durée du marché\u00a0: l'objectif compte pour les "
                          "opérations qui se poursuivent au-delà de cette date.",
                          applies_from=start.as_date, details=details)  # fmt: skip
    if draft.end_date < start.as_date:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          rule + f" Ce marché s'achève le {french_date(draft.end_date)}, "
                          "avant cette date.", applies_from=start.as_date,
                          details=details)  # fmt: skip
    return RuleResult(CODE, TITLE, APPLICABLE, reference,
                      rule + " Ce marché se poursuit au-delà\u00a0: s'il s'agit d'une construction "
                      "ou d'une rénovation lourde, prévoyez ces matériaux.",
                      applies_from=start.as_date, details=details)  # fmt: skip
