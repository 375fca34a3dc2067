"""Carbon footprint of purchases, estimated from amounts and monetary ratios (apure.carbon).

The computation lives in `apure.carbon.estimate`; this module gives it the registry's shape, so
that its table reaches the indicator page, the CSV and XLSX downloads and the API."""

from apure.carbon import estimate, formatting

from .base import Column, Indicator, Result

CODE = "empreinte_carbone"
TITLE = "Empreinte carbone estimée des achats (ratios monétaires)"


def _tonnes(kg):
    return None if kg is None else round(kg / 1000)


def compute(filters):
    result = estimate.compute(filters)
    if result is None:
        return None
    rows = [
        {
            "sector": line.sector or "",
            "label": line.label,
            "marches": line.marches,
            "amount_eur": round(line.amount_eur, 2),
            "framework_amount_eur": round(line.framework_amount_eur, 2),
            "factor": formatting.ratio_phrase(line.ratio),
            "tco2e": _tonnes(line.kg),
            "low": _tonnes(line.kg_low),
            "high": _tonnes(line.kg_high),
        }
        for line in result.sectors
    ]
    rows.append({
        "sector": "Total",
        "label": "Tous les marchés de la vue",
        "marches": result.marches,
        "amount_eur": round(result.amount_eur, 2),
        "framework_amount_eur": round(result.framework_amount_eur, 2),
        "factor": f"couverture {formatting.percent(result.coverage)}",
        "tco2e": _tonnes(result.kg) if result.has_central else None,
        "low": _tonnes(result.kg_low) if result.has_central else None,
        "high": _tonnes(result.kg_high) if result.has_value else None,
    })  # fmt: skip
    return Result(
        code=CODE,
        title=TITLE,
        columns=[
            Column("sector", "Secteur (NAF)"),
            Column("label", "Produits"),
            Column("marches", "Marchés", "int"),
            Column("amount_eur", "Montant (€ HT)", "eur"),
            Column("framework_amount_eur", "dont accords-cadres, montant maximum (€ HT)", "eur"),
            Column("factor", "Ratio (kgCO2e par k€ HT)"),
            Column("tco2e", "Estimation (tCO2e)", "int"),
            Column("low", "Borne basse (tCO2e)", "int"),
            Column("high", "Borne haute (tCO2e)", "int"),
        ],
        rows=rows,
        data=result.as_json(),
        notes=[
            f"Estimation\u00a0: {formatting.bounds_phrase(result)}\u00a0; couverture "
            f"{formatting.percent(result.coverage)} du montant hors accords-cadres (part avec un "
            "ratio connu)\u00a0; "
            f"euros {formatting.euro_years(result)}. Méthode\u00a0: {estimate.METHOD_PATH}",
            "Ordre de grandeur, pas une empreinte mesurée\u00a0: montant × ratio monétaire ADEME "
            "du secteur, incertitude d'environ ±80 %. « facteur inconnu »\u00a0: secteur sans "
            "ratio public, son montant n'est pas compté (jamais compté comme zéro).",
            "Accords-cadres\u00a0: le montant publié est un maximum, pas une dépense\u00a0; il "
            "n'est compté que dans la borne haute, jamais dans l'estimation centrale ni la borne "
            "basse (un marché subséquent n'y est donc pas compté deux fois). Concessions et "
            "montants invraisemblables non comptés.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Pour chaque marché\u00a0: montant HT × ratio monétaire (kgCO2e par k€ HT) du secteur de "
        "son code CPV (correspondance CPV → secteur NAF de l'ADEME), bornes à ± l'incertitude "
        "du ratio (environ 80 %). Somme sur les marchés de la vue dont le secteur a un "
        "ratio\u00a0; les montants maximums des accords-cadres ne comptent que dans la borne haute."
    ),
    numerator="somme des montants × ratios monétaires des marchés dont le secteur a un ratio, "
    "hors accords-cadres (leurs maximums dans la borne haute seulement)",
    denominator="sans objet (une estimation en tCO2e, avec bornes basse et haute)",
    coverage="montant des marchés hors accords-cadres dont le secteur a un ratio / montant des "
    "marchés hors accords-cadres avec un montant retenu",
    basis="Ratios monétaires de la Base Carbone / Base Empreinte (ADEME), euros 2023\u00a0; "
    "méthode à la page /observatoire/methode/carbone/",
    version="1.2",  # 1.1: framework agreements in the high bound only; 1.2: coverage likewise
    compute=compute,
)
