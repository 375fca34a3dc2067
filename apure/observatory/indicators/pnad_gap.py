from datetime import date

from apure.reference import legal

from .. import aggregates
from .base import NOTE, Column, Indicator, Result

CODE = "ecart_pnad"
TITLE = "Écart aux objectifs du PNAD 2022-2025"
TARGETS = {"social": "pnad_social_target", "environmental": "pnad_environmental_target"}
# The DECP fields of the considerations exist for contracts notified from this date.
CONSIDERATIONS_START = "decp_considerations_start"
REFERENCE_KEYS = (*TARGETS.values(), CONSIDERATIONS_START)


def _gap(share, target):
    """Share minus target, in percentage points (-30.0, not -0.3): what the pages show."""
    if share is None or target is None:
        return None
    return round(100 * (share - target.value), 4)


def compute(filters):
    by_year = aggregates.grouped(filters, "year", "year")
    if by_year is None:
        return None
    rows = []
    undated = 0
    for item in by_year:
        if item["year"] is None:
            undated = item["contracts"]
            continue
        values = {"year": item["year"], "contracts": item["contracts"]}
        for dimension, code in TARGETS.items():
            target = legal.value(code, date(item["year"], 12, 31))
            # A share of one or two known contracts is no position against a target: it is
            # None (aggregates.known_share), and so is the gap.
            share = item[dimension]["share_yes"]
            values[f"{dimension}_share"] = share
            values[f"{dimension}_coverage"] = item[dimension]["coverage"]
            values[f"{dimension}_target"] = target.value if target else None
            values[f"{dimension}_gap"] = _gap(share, target)
        values["note"] = aggregates.withheld_note(
            {"part et écart sociaux": item["social"]["known"],
             "part et écart environnementaux": item["environmental"]["known"]}
        )  # fmt: skip
        rows.append(values)
    total = aggregates.totals(filters)
    gauges = []
    for dimension, code in TARGETS.items():
        target = legal.latest(code)
        gauges.append(
            {
                "dimension": dimension,
                "label": "sociale" if dimension == "social" else "environnementale",
                "share": total[dimension]["share_yes"],
                "coverage": total[dimension]["coverage"],
                "unknown": total[dimension]["unknown"],
                "known": total[dimension]["known"],
                "enough_known": total[dimension]["enough_known"],
                "target": target.value,
                "target_period": f"{target.valid_from.year}-{target.valid_to.year}"
                if target.valid_to
                else f"depuis {target.valid_from.year}",
                "gap": _gap(total[dimension]["share_yes"], target),
                "share_reason": total[dimension]["share_reason"],
                "source": target.reference,
            }
        )
    return Result(
        code=CODE,
        title=TITLE,
        columns=[
            Column("year", "Année", "year"),
            Column("contracts", "Contrats", "int"),
            Column("social_share", "Part sociale", "share"),
            Column("social_coverage", "Couverture (social)", "share"),
            Column("social_target", "Objectif social", "share"),
            Column("social_gap", "Écart social (points)", "points"),
            Column("environmental_share", "Part environnementale", "share"),
            Column("environmental_coverage", "Couverture (environnement)", "share"),
            Column("environmental_target", "Objectif environnemental", "share"),
            Column("environmental_gap", "Écart environnemental (points)", "points"),
            NOTE,
        ],
        rows=rows,
        data={"gauges": gauges},
        notes=[
            "Écart « — »\u00a0: part « n.d. » (trop peu de contrats renseignés cette année-là pour "
            "situer la vue par rapport à l'objectif) ou aucun objectif en vigueur.",
            "Objectifs du PNAD 2022-2025\u00a0: 100 % des marchés notifiés avec au moins une "
            "considération environnementale et 30 % avec au moins une considération sociale "
            "en 2025. Aucun plan national postérieur à 2025 n'a été trouvé\u00a0: les années "
            "suivantes n'ont pas d'objectif en vigueur, la jauge rappelle le dernier objectif.",
            "Les DECP ne renseignent ces champs que pour les contrats notifiés depuis le "
            f"{legal.latest(CONSIDERATIONS_START).as_date:%d/%m/%Y}\u00a0; les années antérieures "
            "ont une couverture faible ou nulle.",
        ]
        + _undated_note(undated),
    )


def _undated_note(undated):
    """The yearly rows leave out the contracts without a notification date: say how many."""
    if not undated:
        return []
    if undated == 1:
        return ["1 contrat sans date de notification ne figure pas dans ce tableau par année "
                "(il compte dans les jauges)."]  # fmt: skip
    return [f"{undated} contrats sans date de notification ne figurent pas dans ce tableau par "
            "année (ils comptent dans les jauges)."]  # fmt: skip


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Pour chaque année de notification\u00a0: part des contrats avec une considération sociale "
        "(resp. environnementale) parmi les contrats où le champ est connu, moins l'objectif du "
        "PNAD en vigueur au 31 décembre de l'année\u00a0; écart exprimé en points."
    ),
    numerator="part des contrats avec considération (voir part_sociale, part_environnementale)",
    denominator="objectif du PNAD en vigueur (30 % social, 100 % environnemental)",
    coverage="celle des indicateurs de part, donnée à côté de chaque écart",
    basis="Plan national pour des achats durables 2022-2025 (15 mars 2022)",
    version="1.0",
    compute=compute,
)
