from .. import aggregates, segments
from . import _breakdown
from .base import Column, Indicator, Result

CODE = "volumes_segments"
TITLE = "Volumes et considérations par segment d'achat"
# Groups on the CPV prefix digits (small result); segments are then summed in Python.
GROUP_SQL = aggregates.CPV_GROUP_SQL


def compute(filters):
    groups = aggregates.grouped(filters, GROUP_SQL, "key")
    if groups is None:
        return None
    rows = []
    for segment in segments.all_segments():
        members = [group for group in groups if segment.matches(group["key"])]
        block = aggregates.merge(members)
        item = _breakdown.row(segment.code, segment.label, block)
        item["family"] = segment.is_family
        rows.append(item)
    unclassified = [group for group in groups if not group["key"]]
    if unclassified:
        rows.append(_breakdown.row("", "CPV inconnu", aggregates.merge(unclassified)))
    return Result(
        code=CODE,
        title=TITLE,
        columns=_breakdown.columns("Segment"),
        details=[
            *_breakdown.details(),
            Column(
                "family",
                "Famille travaux, fournitures ou services (sinon segment thématique)",
                "bool",
            ),
        ],
        rows=rows,
        notes=[
            "Les familles travaux, fournitures et services partagent les contrats\u00a0; les "
            "segments thématiques se recoupent (un contrat peut appartenir à plusieurs segments).",
            f"Segments définis par des préfixes CPV\u00a0: {segments.source()}.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Nombre de contrats, montant des marchés et parts de contrats avec considération sociale "
        "et environnementale, par famille (travaux, fournitures, services) et par segment de la "
        "bibliothèque de clauses (restauration collective, bâtiment, services numériques, "
        "véhicules, nettoyage, espaces verts, énergie…), chaque segment étant une liste de "
        "préfixes CPV."
    ),
    numerator="contrats avec considération dans le segment",
    denominator="contrats du segment dont le champ est connu",
    coverage="donnée pour chaque segment",
    basis="Segments de la bibliothèque de clauses (apure/clauses/data/segments.json)",
    version="1.0",
    compute=compute,
)
