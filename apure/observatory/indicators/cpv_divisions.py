from .. import aggregates, cpv
from . import _breakdown, purchase_segments
from .base import Indicator, Result

CODE = "volumes_divisions_cpv"
TITLE = "Volumes et considérations par division CPV"


def compute(filters):
    # Same grouping as the segments indicator (cached): divisions are summed from it.
    groups = aggregates.grouped(filters, purchase_segments.GROUP_SQL, "key")
    if groups is None:
        return None
    divisions = {}
    for group in groups:
        divisions.setdefault((group["key"] or "")[:2], []).append(group)
    rows = [
        _breakdown.row(key, cpv.division_label(key), aggregates.merge(members))
        for key, members in divisions.items()
    ]
    rows.sort(key=lambda item: -item["contracts"])
    return Result(
        code=CODE,
        title=TITLE,
        columns=_breakdown.columns("Division CPV"),
        details=_breakdown.details(),
        rows=rows,
        notes=["Division\u00a0: deux premiers chiffres du code CPV principal du contrat."],
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
