from .. import aggregates, cpv
from . import _breakdown
from .base import Indicator, Result

CODE = "volumes_divisions_cpv"
TITLE = "Volumes et considérations par division CPV"


def compute(filters):
    groups = aggregates.grouped(filters, "cpv_division", "key")
    if groups is None:
        return None
    rows = [
        _breakdown.row(group["key"] or "", cpv.division_label(group["key"]), group)
        for group in groups
    ]
    rows.sort(key=lambda item: -item["contracts"])
    return Result(
        code=CODE,
        title=TITLE,
        columns=_breakdown.columns("Division CPV"),
        rows=rows,
        notes=["Division : deux premiers chiffres du code CPV principal du contrat."],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Nombre de contrats, montant des marchés et parts de contrats avec considération sociale "
        "et environnementale (parmi les contrats où le champ est connu), par division du code CPV "
        "principal."
    ),
    numerator="contrats avec considération dans la division",
    denominator="contrats de la division dont le champ est connu",
    coverage="donnée pour chaque division",
    basis="Vocabulaire commun pour les marchés publics (règlement (CE) n° 213/2008)",
    version="1.0",
    compute=compute,
)
