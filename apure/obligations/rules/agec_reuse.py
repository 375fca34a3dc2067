"""Loi AGEC art. 58 / décret n° 2024-134: reuse and recycled-content floors per product category."""

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..reference import agec_category, agec_period, first
from ..thresholds import french_date

CODE = "agec-reemploi"
TITLE = "Part de biens issus du réemploi ou recyclés (loi AGEC)"
REFERENCE = "Loi n° 2020-105 (AGEC), art. 58 ; décret n° 2024-134 du 21 février 2024"
COVERED_BUYERS = {"etat", "commune", "epci", "departement", "region"}
NOT_COVERED_BUYERS = {"hopital", "entite-adjudicatrice"}
MAPPING_NOTE = (
    "Catégorie déduite du code CPV selon une correspondance établie par apure (il n'existe pas "
    "de table officielle CPV → catégorie ; la liste des produits est fixée par l'arrêté du "
    "29 février 2024)."
)


def _rate(value):
    return f"{value} %" if value is not None else "taux non renseigné dans nos sources"


def evaluate(draft):
    law = first("agec_obligation")
    decree = first("agec_decree_2024")
    if draft.launch_date < law.as_date:
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, REFERENCE,
                          f"L'obligation s'applique aux achats à partir du "
                          f"{french_date(law.as_date)}.", applies_from=law.as_date)  # fmt: skip
    if draft.buyer_kind in NOT_COVERED_BUYERS:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, REFERENCE,
            "L'article 58 vise les services de l'État, les collectivités territoriales et leurs "
            "groupements ; les autres acheteurs publics ne paraissent pas concernés.",
        )  # fmt: skip
    category = agec_category(draft.cpv)
    if category is None:
        if draft.nature in ("travaux", "services"):
            return RuleResult(
                CODE, TITLE, TO_CHECK, REFERENCE,
                "Le code CPV ne relève d'aucune des 17 catégories du décret, mais l'obligation "
                "vaut aussi pour les fournitures comprises dans un marché de travaux ou de "
                "services (mobilier, matériel informatique, bâtiments modulaires…) : vérifiez si "
                "le marché en contient.",
                applies_from=decree.as_date,
            )  # fmt: skip
        if not draft.cpv:
            return RuleResult(CODE, TITLE, TO_CHECK, REFERENCE,
                              "Indiquez le code CPV pour savoir si l'achat relève d'une des "
                              "17 catégories du décret.")  # fmt: skip
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, REFERENCE,
                          "Le code CPV ne relève d'aucune des 17 catégories de produits du "
                          "décret.")  # fmt: skip
    details = {
        "category_number": category["number"],
        "category": category["label"],
        "mapping_note": MAPPING_NOTE,
        "certainty": category["certainty"],
        "source": category["source"],
    }
    caveats = []
    if draft.buyer_kind not in COVERED_BUYERS:
        caveats.append(
            "Votre type d'acheteur n'est visé que s'il s'agit d'un groupement de collectivités."
        )
    if draft.nature in ("travaux", "services"):
        caveats.append("Seules les fournitures comprises dans le marché sont concernées.")
    if draft.launch_date < decree.as_date:
        return RuleResult(
            CODE, TITLE, TO_CHECK, "Loi n° 2020-105 (AGEC), art. 58 ; décret n° 2021-254",
            f"Catégorie « {category['label']} ». Avant le {french_date(decree.as_date)}, les "
            "taux étaient ceux du décret n° 2021-254 (abrogé), qui ne sont pas repris ici.",
            applies_to=decree.as_date, details=details,
        )  # fmt: skip
    period = agec_period(draft.launch_date)
    floors = category["floors"].get(period["key"], {})
    reuse, recycled = floors.get("reuse"), floors.get("recycled")
    details.update(period=period["key"], reuse=reuse, recycled=recycled)
    explanation = (
        f"Catégorie {category['number']} « {category['label']} ». Sur l'année, la part de vos "
        f"dépenses HT dans cette catégorie doit atteindre, pour la période {period['key']} : "
        f"réemploi ou réutilisation {_rate(reuse)} ; matières recyclées {_rate(recycled)}. "
        "Le taux s'apprécie sur l'ensemble de la catégorie, pas produit par produit ; les "
        "déclarations se font sur data.gouv.fr avant le 30 juin de l'année suivante."
    )
    if reuse is None or recycled is None:
        caveats.append(
            "Un taux non renseigné n'a pas été retrouvé dans nos sources : reprenez-le de "
            "l'annexe du décret n° 2024-134."
        )
    # An uncertain floor (FACTS.md §3.3: column reuse / recycled unknown) must not read as
    # settled law: the buyer checks it in the decree's annex before relying on it.
    if category["certainty"] == "U" and (reuse is not None or recycled is not None):
        caveats.append(
            "Ce taux n'est pas confirmé par une source sûre (on ne sait pas s'il s'agit de la "
            "part de réemploi ou de la part recyclée) : vérifiez-le dans l'annexe du décret "
            "n° 2024-134."
        )
    status = TO_CHECK if caveats else APPLICABLE
    return RuleResult(CODE, TITLE, status, REFERENCE, " ".join([explanation, *caveats]),
                      applies_from=period["valid_from"], applies_to=period["valid_to"],
                      details=details)  # fmt: skip
