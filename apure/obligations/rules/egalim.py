"""EGalim: sustainable, quality and organic products in public collective catering."""

from apure.reference.legal import cpv_in, first, value

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import french_date, percent

CODE = "egalim"
TITLE = "Produits durables et de qualité en restauration collective (EGalim)"
# Public legal persons running a restaurant: our buyer kinds that surely are; a network operator
# or an « other » buyer may be a private-law body (docs/SOURCES.md §11.2).
PUBLIC_PERSONS = {"etat", "commune", "epci", "departement", "region", "hopital"}


def _meat_and_fish(draft) -> str:
    share = value("egalim_meat_fish_share", draft.launch_date)
    if share is None:
        return ""
    # Recalled without a source: stated as a point to check, never as the law.
    return (
        f" À vérifier\u00a0: une part de {percent(share.value)} de viandes et poissons durables ou "
        "de qualité (ajoutée par la loi Climat et résilience) n'est pas confirmée par nos "
        "sources."
    )


def evaluate(draft):
    sustainable = first("egalim_sustainable_share")
    organic = value("egalim_organic_share", draft.launch_date) or first("egalim_organic_share")
    reference = sustainable.reference
    details = {"certainty": sustainable.certainty, "source": sustainable.source}
    catering = cpv_in("collective_catering_cpv_prefixes", draft.cpv, draft.launch_date)
    food = cpv_in("food_products_cpv_prefixes", draft.cpv, draft.launch_date)
    if not catering and not food:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          "Le code CPV ne relève ni de la restauration collective ni des denrées "
                          "alimentaires.", details=details)  # fmt: skip
    if draft.launch_date < sustainable.valid_from:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          f"Les parts minimales s'appliquent à partir du "
                          f"{french_date(sustainable.valid_from)}.",
                          applies_from=sustainable.valid_from, details=details)  # fmt: skip
    details.update(sustainable_share=sustainable.value, organic_share=organic.value)
    explanation = (
        f"Sur l'année civile, au moins {percent(sustainable.value)} en valeur des produits "
        "servis dans les restaurants collectifs dont vous avez la charge sont durables et de "
        f"qualité, dont au moins {percent(organic.value)} issus de l'agriculture biologique. "
        "Prévoyez ces parts dans le cahier des charges et le suivi du marché."
        + _meat_and_fish(draft)
    )
    caveats = []
    if draft.buyer_kind not in PUBLIC_PERSONS:
        caveats.append(
            "L'obligation vise les personnes morales de droit public\u00a0: vérifiez que votre "
            "structure en est une."
        )
    if not catering:
        caveats.append(
            "Elle vaut pour ces denrées si elles sont servies dans un restaurant collectif dont "
            "vous avez la charge."
        )
    status = TO_CHECK if caveats else APPLICABLE
    return RuleResult(CODE, TITLE, status, reference, " ".join([explanation, *caveats]),
                      applies_from=sustainable.valid_from, details=details)  # fmt: skip
