"""Loi AGEC art. 58 / décret n° 2024-134: reuse and recycled-content floors per product category."""

from apure.reference.legal import first

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..reference import agec_category, agec_period, agec_periods_between
from ..thresholds import french_date

CODE = "agec-reemploi"
TITLE = "Part de biens issus du réemploi ou recyclés (loi AGEC)"
REFERENCE = "Loi n° 2020-105 (AGEC), art. 58\u00a0; décret n° 2024-134 du 21 février 2024"
COVERED_BUYERS = {"etat", "commune", "epci", "departement", "region"}
# Art. 58 names legal persons, whatever their procurement regime: a commune or a syndicat acting
# as an entité adjudicatrice is covered, an operator company is not (docs/SOURCES.md §11.2).
NOT_COVERED_BUYERS = {"hopital"}
MAPPING_NOTE = (
    "Catégorie déduite du code CPV selon une correspondance établie par apure (il n'existe pas "
    "de table officielle CPV → catégorie\u00a0; la liste des produits est fixée par l'arrêté du "
    "29 février 2024)."
)


def _rate(value):
    return f"{value} %" if value is not None else "taux non renseigné dans nos sources"


def _years(period) -> str:
    start = period["valid_from"][:4]
    if period["valid_to"] is None:
        return f"dépenses à partir de {start}"
    return f"dépenses {start}-{period['valid_to'][:4]}"


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
            "groupements\u00a0; les autres acheteurs publics ne paraissent pas concernés.",
        )  # fmt: skip
    category = agec_category(draft.cpv)
    if category is None:
        if draft.nature in ("travaux", "services"):
            return RuleResult(
                CODE, TITLE, TO_CHECK, REFERENCE,
                "Le code CPV ne relève d'aucune des 17 catégories du décret, mais l'obligation "
                "vaut aussi pour les fournitures comprises dans un marché de travaux ou de "
                "services (mobilier, matériel informatique, bâtiments modulaires…)\u00a0: vérifiez "
                "si le marché en contient.",
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
    if draft.buyer_kind == "entite-adjudicatrice":
        caveats.append(
            "L'article 58 vise la personne morale, quel que soit son régime d'achat\u00a0: une "
            "commune, un groupement ou un syndicat agissant comme entité adjudicatrice est "
            "concerné\u00a0; une entreprise opératrice de réseau ne l'est pas."
        )
    elif draft.buyer_kind not in COVERED_BUYERS:
        caveats.append(
            "Votre type d'acheteur n'est visé que s'il s'agit d'un groupement de collectivités."
        )
    if draft.nature in ("travaux", "services"):
        caveats.append("Seules les fournitures comprises dans le marché sont concernées.")
    if draft.launch_date < decree.as_date:
        return RuleResult(
            CODE, TITLE, TO_CHECK, "Loi n° 2020-105 (AGEC), art. 58\u00a0; décret n° 2021-254",
            f"Catégorie « {category['label']} ». Avant le {french_date(decree.as_date)}, les "
            "taux étaient ceux du décret n° 2021-254 (abrogé), qui ne sont pas repris ici.",
            applies_to=decree.as_date, details=details,
        )  # fmt: skip
    period = agec_period(draft.launch_date)
    floors = category["floors"].get(period["key"], {})
    reuse, recycled = floors.get("reuse"), floors.get("recycled")
    # Each calendar year's spend meets that year's floor: a contract launched late 2026 buys
    # mostly in 2027 and after, so every period it may run into is shown.
    periods = agec_periods_between(draft.launch_date, draft.end_date)
    by_period = [
        {"period": p["key"], "valid_from": p["valid_from"].isoformat(),
         "valid_to": p["valid_to"].isoformat() if p["valid_to"] else None,
         "reuse": category["floors"].get(p["key"], {}).get("reuse"),
         "recycled": category["floors"].get(p["key"], {}).get("recycled")}
        for p in periods
    ]  # fmt: skip
    details.update(period=period["key"], reuse=reuse, recycled=recycled, floors=by_period)
    lines = "\u00a0; ".join(
        f"{_years(p)}\u00a0: réemploi ou réutilisation {_rate(p['reuse'])}, matières recyclées "
        f"{_rate(p['recycled'])}"
        for p in by_period
    )
    span = (
        f"jusqu'au {french_date(draft.end_date)}" if draft.end_date
        else "durée non indiquée\u00a0: toutes les périodes à venir"
    )  # fmt: skip
    explanation = (
        f"Catégorie {category['number']} « {category['label']} ». La part de vos dépenses HT "
        "de l'année dans cette catégorie doit atteindre le taux de l'année de la dépense\u00a0; "
        f"pour les années où ce marché s'exécute ({span})\u00a0: {lines}. Le taux s'apprécie sur "
        "l'ensemble de la catégorie, pas produit par produit\u00a0; les déclarations se font sur "
        "data.gouv.fr avant le 30 juin de l'année suivante."
    )
    floor_values = [p[column] for p in by_period for column in ("reuse", "recycled")]
    if None in floor_values:
        caveats.append(
            "Un taux non renseigné n'a pas été retrouvé dans nos sources\u00a0: reprenez-le de "
            "l'annexe du décret n° 2024-134."
        )
    # An uncertain floor (docs/SOURCES.md §3.3: column reuse / recycled unknown) must not read as
    # settled law: the buyer checks it in the decree's annex before relying on it.
    if category["certainty"] == "U" and any(v is not None for v in floor_values):
        caveats.append(
            "Ce taux n'est pas confirmé par une source sûre (on ne sait pas s'il s'agit de la "
            "part de réemploi ou de la part recyclée)\u00a0: vérifiez-le dans l'annexe du décret "
            "n° 2024-134."
        )
    status = TO_CHECK if caveats else APPLICABLE
    return RuleResult(CODE, TITLE, status, REFERENCE, " ".join([explanation, *caveats]),
                      applies_from=period["valid_from"], applies_to=periods[-1]["valid_to"],
                      details=details, reference_url=decree.url)  # fmt: skip
