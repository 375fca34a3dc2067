"""Loi Climat et résilience art. 35: social execution condition at or above the EU thresholds."""

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import (
    NATURE_UNKNOWN,
    eu_threshold,
    euros,
    social_services_threshold,
    social_specific_service,
)
from ._climat_law import law_status

CODE = "condition-sociale"
TITLE = "Condition d'exécution sociale (au-dessus des seuils européens)"

# L2112-2-1 II (docs/SOURCES.md §2.1): cases 2 and 3 mirror the verified concession article; the
# wording of case 1 is unverified, hence "à vérifier".
EXCEPTIONS = [
    {
        "case": "1°",
        "text": "le besoin peut être satisfait par une solution immédiatement disponible",
        "status": TO_CHECK,
        "note": "Formulation non vérifiée sur Légifrance\u00a0: à confirmer avant de s'en "
        "prévaloir.",
    },
    {
        "case": "2°",
        "text": "la condition sociale n'aurait pas de lien suffisant avec l'objet du contrat",
        "status": APPLICABLE,
        "note": "",
    },
    {
        "case": "3°",
        "text": "elle restreindrait la concurrence ou rendrait l'exécution techniquement ou "
        "économiquement difficile",
        "status": APPLICABLE,
        "note": "",
    },
]


def evaluate(draft):
    if draft.kind == "concession":
        reference = "Art. L3114-2-1 CCP (loi n° 2021-1104, art. 35)"
        exceptions = EXCEPTIONS[1:]
    else:
        reference = "Art. L2112-2-1 CCP (loi n° 2021-1104, art. 35)"
        exceptions = EXCEPTIONS
    if draft.defence_or_security:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            "Les marchés de défense ou de sécurité sont hors du champ de l'article 35 de la loi "
            "Climat et résilience.",
        )  # fmt: skip
    if draft.nature is None and draft.kind != "concession":
        return RuleResult(CODE, TITLE, TO_CHECK, reference, NATURE_UNKNOWN)
    threshold = eu_threshold(draft)
    if threshold is None:
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            "Le seuil européen applicable à cette date n'est pas dans nos données de "
            "référence\u00a0: vérifiez-le dans l'annexe 2 du code de la commande publique.",
        )  # fmt: skip
    details = {
        "threshold": threshold.value,
        "threshold_reference": threshold.reference,
        "threshold_certainty": threshold.certainty,
        "exceptions": exceptions,
    }
    if draft.amount_ht is None:
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            "Indiquez le montant estimé\u00a0: l'obligation vaut à partir de "
            f"{euros(threshold.value)} HT pour ce type de contrat et d'acheteur.",
            details=details,
        )  # fmt: skip
    if draft.amount_ht < threshold.value:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            f"Le montant estimé ({euros(draft.amount_ht)} HT) est sous le seuil européen de "
            f"{euros(threshold.value)} HT\u00a0: la condition sociale n'est pas obligatoire, mais "
            "elle reste possible et recommandée.",
            applies_to=threshold.valid_to, details=details,
        )  # fmt: skip
    status, sentence, start = law_status(draft)
    if status != APPLICABLE:
        return RuleResult(CODE, TITLE, status, reference, sentence, applies_from=start,
                          details=details)  # fmt: skip
    explanation = (
        f"Le montant estimé ({euros(draft.amount_ht)} HT) atteint le seuil européen de "
        f"{euros(threshold.value)} HT ({threshold.reference})\u00a0: les conditions d'exécution "
        "doivent prendre en compte des considérations relatives à l'emploi ou au domaine "
        "social, notamment l'insertion des personnes défavorisées. L'acheteur peut y renoncer "
        "dans les cas prévus par la loi, en consignant ses motifs."
    )
    if draft.reserved:
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            explanation + " Aucun texte ne dispense expressément un marché réservé de cette "
            "obligation\u00a0: prévoyez une condition sociale ou consignez vos motifs.",
            applies_from=start, applies_to=threshold.valid_to, details=details,
        )  # fmt: skip
    # Social and other specific services (catering, health, education…) have their own, higher
    # EU threshold; whether L2112-2-1 uses it is unknown (docs/SOURCES.md, open point 8).
    if social_specific_service(draft):
        ssos = social_services_threshold(draft)
        if draft.amount_ht < ssos.value:
            return RuleResult(
                CODE, TITLE, TO_CHECK, reference,
                explanation + " Ce service semble relever des services sociaux et autres "
                f"services spécifiques, dont le seuil européen est de {euros(ssos.value)} "
                "HT\u00a0: on ne sait pas lequel des deux seuils la loi retient ici.",
                applies_from=start, applies_to=threshold.valid_to, details=details,
            )  # fmt: skip
    return RuleResult(CODE, TITLE, APPLICABLE, reference, explanation, applies_from=start,
                      applies_to=threshold.valid_to, details=details)  # fmt: skip
