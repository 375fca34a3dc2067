from .. import aggregates, geography
from ..filters import TERRITORY_DEPARTEMENT
from . import _breakdown
from .base import Indicator, Result

CODE = "parts_par_departement"
TITLE = "Parts par département"


def compute(filters):
    groups = aggregates.grouped(filters, TERRITORY_DEPARTEMENT, "key")
    if groups is None:
        return None
    rows = [
        _breakdown.row(group["key"] or "", geography.departement_name(group["key"]), group)
        for group in groups
    ]
    return Result(
        code=CODE,
        title=TITLE,
        columns=_breakdown.columns("Département"),
        details=_breakdown.details(),
        rows=rows,
        notes=[
            "Département du lieu d'exécution, ou de l'acheteur quand le lieu est inconnu.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Parts de contrats avec considération sociale et environnementale par département "
        "(lieu d'exécution, à défaut département de l'acheteur), avec leur couverture."
    ),
    numerator="contrats avec considération dans le département",
    denominator="contrats du département dont le champ est connu",
    coverage="donnée pour chaque département",
    basis="Code officiel géographique (INSEE)",
    version="1.0",
    compute=compute,
)
