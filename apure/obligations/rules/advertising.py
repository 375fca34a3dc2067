"""Advertising and competition: which procedure the amount calls for (2026 thresholds)."""

from apure.reference.legal import cpv_in, value

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import (
    NATURE_UNKNOWN,
    eu_threshold,
    euros,
    social_services_threshold,
    social_specific_service,
)

CODE = "publicite-procedure"
TITLE = "Publicité et procédure de passation"
# R2131-12 2° names the State, its public bodies other than EPIC, the collectivités and their
# public bodies: the buyer kinds below surely are; hospitals, network operators and « other »
# buyers may or may not be, so the rule says « à vérifier » for them.
BOAMP_JAL_BUYERS = {"etat", "commune", "epci", "departement", "region"}


def _mapa_publicity(draft, details) -> tuple[str, bool]:
    """(sentence on the notice a MAPA needs, whether it is settled for this buyer)."""
    boamp = value("mapa_boamp_jal_threshold", draft.launch_date)
    details["boamp_jal_threshold"] = boamp.value
    if draft.amount_ht < boamp.value:
        return (
            f"Sous {euros(boamp.value)} HT, la publicité est librement adaptée au montant et à "
            "l'objet.",
            True,
        )
    if draft.buyer_kind in BOAMP_JAL_BUYERS:
        return (
            f"À partir de {euros(boamp.value)} HT, un avis est publié au BOAMP ou dans un "
            "journal habilité à recevoir des annonces légales, et si besoin dans la presse "
            f"spécialisée ({boamp.reference}).",
            True,
        )
    return (
        f"À partir de {euros(boamp.value)} HT, l'État, ses établissements publics autres "
        "qu'industriels et commerciaux, les collectivités et leurs établissements publics "
        "publient un avis au BOAMP ou dans un journal d'annonces légales "
        f"({boamp.reference})\u00a0: vérifiez si votre structure en fait partie.",
        False,
    )


def _profile_sentence(draft) -> str:
    profile = value("buyer_profile_threshold", draft.launch_date)
    if profile and draft.amount_ht >= profile.value:
        return (
            f" À partir de {euros(profile.value)} HT, les documents de la consultation sont "
            "mis en ligne sur le profil d'acheteur."
        )
    return ""


def _prepared_meals_hint(draft) -> str:
    # Ready meals are bought as supplies, but a contract that has the supplier cook and deliver
    # them is a catering service, with the lighter procedure of social and specific services.
    if draft.nature == "fournitures" and cpv_in(
        "collective_catering_cpv_prefixes", draft.cpv, draft.launch_date
    ):
        return (
            " Si le marché confie au titulaire la préparation et la livraison des repas, il "
            "s'agit d'un service de restauration (CPV 555…)\u00a0: la procédure adaptée est alors "
            "possible quel que soit le montant (art. R2123-1 3° CCP)."
        )
    return ""


def _social_specific_services(draft, ssos_list, exemption, details):
    """MAPA whatever the amount (R2123-1 3°), with an OJEU notice above the SSOS threshold."""
    ssos = social_services_threshold(draft)
    details["procedure"] = "procédure adaptée"
    details["social_specific_services_threshold"] = ssos.value
    publicity, settled = _mapa_publicity(draft, details)
    explanation = (
        "Ce service paraît relever des services sociaux et autres services spécifiques "
        "(restauration scolaire ou hospitalière, gardiennage, nombreux services sociaux, de "
        "santé ou d'enseignement)\u00a0: procédure adaptée quel que soit le montant (art. R2123-1 "
        f"3° CCP). {publicity}"
    )
    if draft.amount_ht >= ssos.value:
        explanation += (
            f" Le montant atteint {euros(ssos.value)} HT, seuil européen de ces services\u00a0: un "
            "avis est aussi publié au Journal officiel de l'Union européenne."
        )
    explanation += _profile_sentence(draft)
    # The CPV list of annex 5 is not verified code by code (certainty of the data entry).
    if ssos_list.certainty == "U":
        explanation += (
            " À vérifier\u00a0: confirmez que le code CPV figure dans la liste de l'avis du "
            "31 mars 2019 (annexe 5 du CCP) avant de retenir cette procédure."
        )
    status = APPLICABLE if settled and ssos_list.certainty != "U" else TO_CHECK
    return RuleResult(CODE, TITLE, status, "Art. R2123-1 3° et R2131-12 CCP\u00a0; annexe 5 du CCP",
                      explanation, applies_from=exemption.valid_from, details=details)  # fmt: skip


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
    ssos_list = social_specific_service(draft)
    if ssos_list is not None:
        return _social_specific_services(draft, ssos_list, exemption, details)
    if draft.amount_ht < threshold.value:
        details["procedure"] = "procédure adaptée"
        publicity, settled = _mapa_publicity(draft, details)
        explanation = (
            f"Entre {euros(exemption.value)} et {euros(threshold.value)} HT\u00a0: procédure "
            f"adaptée. {publicity}{_profile_sentence(draft)}"
        )
        return RuleResult(CODE, TITLE, APPLICABLE if settled else TO_CHECK,
                          exemption.reference + "\u00a0; R2131-12 CCP", explanation,
                          applies_from=exemption.valid_from, applies_to=threshold.valid_to,
                          details=details)  # fmt: skip
    details["procedure"] = "procédure formalisée"
    return RuleResult(
        CODE, TITLE, APPLICABLE, threshold.reference,
        f"Le montant atteint le seuil européen de {euros(threshold.value)} HT\u00a0: procédure "
        "formalisée (appel d'offres, procédure avec négociation ou dialogue compétitif), avec "
        "un avis publié au BOAMP et au Journal officiel de l'Union européenne."
        + _profile_sentence(draft) + _prepared_meals_hint(draft),
        applies_from=threshold.valid_from, applies_to=threshold.valid_to, details=details,
    )  # fmt: skip
