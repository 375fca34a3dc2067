"""Shared shape of the social and environmental share indicators (per year and in total)."""

from .. import aggregates
from .base import NOTE, Column, Result

DETAILS = {
    "social": [
        ("clause", "clauses sociales"),
        ("criterion", "critères sociaux"),
        ("reserved", "marchés réservés"),
    ],
    "environmental": [
        ("clause", "clauses environnementales"),
        ("criterion", "critères environnementaux"),
    ],
}


def columns(dimension):
    cols = [
        Column("year", "Année", "year"),
        Column("contracts", "Contrats", "int"),
        Column("yes", "Oui", "int"),
        Column("no", "Non", "int"),
        Column("unknown", "Inconnu", "int"),
        Column("coverage", "Couverture", "share"),
        Column("share_yes", "Part avec considération (en nombre)", "share"),
    ]
    for key, label in DETAILS[dimension]:
        cols.append(Column(key, f"Dont {label}", "int"))
    cols.append(Column("share_yes_amount", "Part avec considération (en montant)", "share"))
    cols.append(NOTE)
    return cols


def row(year, block, dimension):
    detail = block[dimension]
    values = {
        "year": year,
        "contracts": block["contracts"],
        "yes": detail["yes"],
        "no": detail["no"],
        "unknown": detail["unknown"],
        "coverage": detail["coverage"],
        "share_yes": detail["share_yes"],
        "share_yes_amount": detail["share_yes_amount"],
        "note": aggregates.withheld_note({"parts": detail["known"]}),
    }
    for key, _ in DETAILS[dimension]:
        values[key] = detail[key]
    return values


def compute(code, title, dimension, filters):
    by_year = aggregates.grouped(filters, "year", "year")
    if by_year is None:
        return None
    total = aggregates.totals(filters)
    rows = [row(item["year"] or "inconnue", item, dimension) for item in by_year]
    rows.append(row("Total", total, dimension))
    return Result(
        code=code,
        title=title,
        columns=columns(dimension),
        rows=rows,
        data={"total": total[dimension], "contracts": total["contracts"]},
        notes=[
            "La part est calculée sur les contrats dont l'information est connue\u00a0; "
            "les contrats « inconnu » ne sont jamais comptés comme « non ».",
            "Les parts en montant portent sur les marchés (hors concessions).",
        ],
    )
