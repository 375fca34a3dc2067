"""Ban of plastic food containers in school and early-childhood catering (L541-15-10 C. env.)."""

from apure.reference.legal import cpv_in, first

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import french_date, number

CODE = "contenants-plastique"
TITLE = (
    "Interdiction des contenants alimentaires en plastique (restauration scolaire et petite "
    "enfance)"
)


def _start(draft):
    """(date the ban applies to this buyer, or None if it depends on an unknown population)."""
    general = first("plastic_containers_ban").as_date
    if draft.buyer_kind != "commune":
        return general
    small = first("plastic_containers_small_commune_population")
    if draft.buyer_population is None:
        return None
    if draft.buyer_population < small.value:
        return first("plastic_containers_ban_small_communes").as_date
    return general


def evaluate(draft):
    ban = first("plastic_containers_ban")
    reference = ban.reference
    details = {"certainty": ban.certainty, "source": ban.source}
    school = cpv_in("school_catering_cpv_prefixes", draft.cpv, draft.launch_date)
    catering = cpv_in("collective_catering_cpv_prefixes", draft.cpv, draft.launch_date)
    if not catering:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          "Le code CPV ne relève pas de la restauration collective.",
                          details=details)  # fmt: skip
    rule = (
        "Les contenants alimentaires de cuisson, de réchauffe et de service en plastique sont "
        "interdits dans la restauration collective des établissements scolaires et "
        "universitaires et des établissements d'accueil des enfants de moins de six ans"
    )
    start = _start(draft)
    if start is None:
        small = first("plastic_containers_small_commune_population")
        later = first("plastic_containers_ban_small_communes").as_date
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            f"{rule}, depuis le {french_date(ban.as_date)}, ou le {french_date(later)} pour les "
            f"communes de moins de {number(small.value)} habitants\u00a0: indiquez la population "
            "de la commune.",
            details=details,
        )  # fmt: skip
    if draft.launch_date < start and (draft.end_date is not None and draft.end_date < start):
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          f"{rule} à partir du {french_date(start)}, après la fin de ce "
                          "marché.", applies_from=start, details=details)  # fmt: skip
    when = "depuis" if draft.launch_date >= start else "à partir du"
    explanation = f"{rule} ({when} le {french_date(start)} pour votre structure)."
    if school:
        return RuleResult(CODE, TITLE, APPLICABLE, reference,
                          explanation + " Le marché ne doit pas prévoir de contenants en "
                          "plastique pour ces usages.", applies_from=start,
                          details=details)  # fmt: skip
    return RuleResult(CODE, TITLE, TO_CHECK, reference,
                      explanation + " À vérifier\u00a0: l'interdiction s'applique si les repas "
                      "sont servis dans ces établissements (écoles, collèges, lycées, universités, "
                      "crèches).", applies_from=start, details=details)  # fmt: skip
