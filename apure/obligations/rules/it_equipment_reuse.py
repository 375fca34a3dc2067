"""Retired IT equipment sent to reuse (décret n° 2023-266, loi REEN art. 16)."""

from apure.reference.legal import first, value

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..reference import agec_category
from ..thresholds import french_date, percent

CODE = "informatique-reemploi"
TITLE = "Réemploi du matériel informatique réformé"
# IT equipment is the AGEC category « Matériel informatique et téléphonie » (one CPV mapping).
IT_CATEGORY_NUMBER = 2
COVERED_BUYERS = {"etat", "commune", "departement", "region"}
# Groupings of collectivités: the decree names the State and the collectivités
# (docs/SOURCES.md §3.5).
UNCLEAR_BUYERS = {"epci"}


def evaluate(draft):
    share = value("it_retired_reuse_share", draft.launch_date)
    start = first("it_retired_reuse_share")
    age = first("it_retired_max_age_years")
    reference = start.reference
    category = agec_category(draft.cpv)
    if category is None or category["number"] != IT_CATEGORY_NUMBER:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          "Le code CPV ne relève pas du matériel informatique et de "
                          "téléphonie.")  # fmt: skip
    if share is None:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          f"L'obligation s'applique à partir du "
                          f"{french_date(start.valid_from)}.",
                          applies_from=start.valid_from)  # fmt: skip
    details = {"share": share.value, "max_age_years": age.value, "certainty": share.certainty,
               "source": share.source}  # fmt: skip
    if draft.buyer_kind not in COVERED_BUYERS | UNCLEAR_BUYERS:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          "Le décret vise l'État et les collectivités territoriales\u00a0; "
                          "les autres acheteurs ne paraissent pas concernés.",
                          details=details)  # fmt: skip
    explanation = (
        f"Avec cet achat, prévoyez le devenir du matériel remplacé\u00a0: au moins "
        f"{percent(share.value)} du matériel informatique réformé de moins de {age.value} ans "
        "est orienté chaque année vers le réemploi ou la réutilisation (don, reconditionnement)."
    )
    if draft.buyer_kind in UNCLEAR_BUYERS:
        return RuleResult(CODE, TITLE, TO_CHECK, reference,
                          explanation + " À vérifier\u00a0: nos sources citent l'État et les "
                          "collectivités, sans préciser leurs groupements.",
                          applies_from=share.valid_from, details=details)  # fmt: skip
    return RuleResult(CODE, TITLE, APPLICABLE, reference, explanation,
                      applies_from=share.valid_from, applies_to=share.valid_to,
                      details=details)  # fmt: skip
