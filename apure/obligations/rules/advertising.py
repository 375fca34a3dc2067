"""Advertising and competition: which procedure the amount calls for (2026 thresholds)."""

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..reference import value
from ..thresholds import NATURE_UNKNOWN, eu_threshold, euros

CODE = "publicite-procedure"
TITLE = "Publicité et procédure de passation"


def evaluate(draft):
    if draft.kind == "concession":
        return RuleResult(CODE, TITLE, TO_CHECK, "Art. L3120-1 et s. CCP",
                          "Les concessions suivent leurs propres règles de publicité, qui ne "
                          "sont pas reprises ici.")  # fmt: skip
    if draft.nature is None:
        return RuleResult(CODE, TITLE, TO_CHECK, "Art. R2122-8 et annexe 2 du CCP",
                          NATURE_UNKNOWN)  # fmt: skip
    key = "exemption_works" if draft.nature == "travaux" else "exemption_supplies_services"
    exemption = value(key, draft.launch_date)
    threshold = eu_threshold(draft)
    if exemption is None or threshold is None:
        return RuleResult(CODE, TITLE, TO_CHECK, "Art. R2122-8 et annexe 2 du CCP",
                          "Les seuils de procédure applicables à cette date ne sont pas dans "
                          "nos données de référence (seuils de 2026 seulement).")  # fmt: skip
    if draft.amount_ht is None:
        return RuleResult(CODE, TITLE, TO_CHECK, exemption.reference,
                          "Indiquez le montant estimé pour connaître la procédure.")  # fmt: skip
    profile = value("buyer_profile_threshold", draft.launch_date)
    details = {
        "exemption_threshold": exemption.value,
        "exemption_reference": exemption.reference,
        "eu_threshold": threshold.value,
        "eu_reference": threshold.reference,
        "buyer_profile_threshold": profile.value if profile else None,
    }
    if draft.amount_ht < exemption.value:
        details["procedure"] = "sans publicité ni mise en concurrence"
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, exemption.reference,
            f"Sous {euros(exemption.value)} HT, le marché peut être passé sans publicité ni "
            "mise en concurrence préalables, en veillant à choisir une offre pertinente, à "
            "faire une bonne utilisation des deniers publics et à ne pas contracter "
            "systématiquement avec le même fournisseur. Les clauses sociales et "
            "environnementales restent possibles.",
            applies_from=exemption.valid_from, applies_to=exemption.valid_to, details=details,
        )  # fmt: skip
    if draft.amount_ht < threshold.value:
        details["procedure"] = "procédure adaptée"
        explanation = (
            f"Entre {euros(exemption.value)} et {euros(threshold.value)} HT : procédure "
            "adaptée, avec une publicité adaptée au montant et à l'objet."
        )
        if profile and draft.amount_ht >= profile.value:
            explanation += (
                f" À partir de {euros(profile.value)} HT, les documents de la consultation sont "
                "mis en ligne sur le profil d'acheteur."
            )
        return RuleResult(CODE, TITLE, APPLICABLE, exemption.reference, explanation,
                          applies_from=exemption.valid_from, applies_to=threshold.valid_to,
                          details=details)  # fmt: skip
    details["procedure"] = "procédure formalisée"
    return RuleResult(
        CODE, TITLE, APPLICABLE, threshold.reference,
        f"Le montant atteint le seuil européen de {euros(threshold.value)} HT : procédure "
        "formalisée (appel d'offres, procédure avec négociation ou dialogue compétitif), avec "
        "un avis publié au BOAMP et au Journal officiel de l'Union européenne.",
        applies_from=threshold.valid_from, applies_to=threshold.valid_to, details=details,
    )  # fmt: skip
