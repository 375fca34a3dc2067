"""Signals of contracts that may not meet art. 35 of the loi Climat et résilience."""

from apure.reference import legal

from .. import store_query
from .base import Column, Indicator, Result

CODE = "radar_climat_resilience"
TITLE = "Radar Climat et résilience (art. 35)\u00a0: contrats à vérifier"
START = "climat_resilience_decree_rules"
LAW_START = "climat_resilience_law_rules"
# EU thresholds applied: works, concessions, supplies and services of the State, of the others.
WORKS, CONCESSIONS = "eu_threshold_works", "eu_threshold_concessions"
STATE, OTHER = "eu_threshold_supplies_services_central", "eu_threshold_supplies_services_other"
REFERENCE_KEYS = (START, LAW_START, WORKS, CONCESSIONS, STATE, OTHER)
WORKS_DIVISION = "45"
LIST_LIMIT = 50


def _threshold_sql(code):
    """CASE expression giving the EU threshold in force on the notification date."""
    branches, params = [], []
    for period in legal.periods(code):
        bounds = [
            *(["notification_date >= ?"] if period.valid_from else []),
            *(["notification_date <= ?"] if period.valid_to else []),
        ]
        branches.append(f"WHEN {' AND '.join(bounds) or 'TRUE'} THEN ?")
        params += [day for day in (period.valid_from, period.valid_to) if day] + [period.value]
    return f"CASE {' '.join(branches)} END", params


def threshold_sql():
    """EU threshold applicable to each contract (concessions, works, State, other buyers)."""
    concessions, concessions_params = _threshold_sql(CONCESSIONS)
    works, works_params = _threshold_sql(WORKS)
    state, state_params = _threshold_sql(STATE)
    other, other_params = _threshold_sql(OTHER)
    sql = (
        f"(CASE WHEN kind = 'concession' THEN {concessions} WHEN cpv_division = ? THEN {works} "
        f"WHEN buyer_kind = 'etat' THEN {state} ELSE {other} END)"
    )
    return sql, [*concessions_params, WORKS_DIVISION, *works_params, *state_params, *other_params]


def compute(filters):
    start = legal.latest(START).as_date
    law_start = legal.latest(LAW_START).as_date
    where, params = filters.where()
    threshold, threshold_params = threshold_sql()
    sql = f"""
        SELECT
          count(*) AS notified,
          count(*) FILTER (WHERE environmental = 'no') AS no_environmental,
          count(*) FILTER (WHERE environmental = 'unknown' OR environmental IS NULL)
            AS environmental_unknown,
          count(*) FILTER (WHERE amount >= {threshold}) AS above_eu,
          count(*) FILTER (WHERE amount >= {threshold} AND social = 'no') AS above_eu_no_social,
          count(*) FILTER (WHERE amount >= {threshold}
                           AND (social = 'unknown' OR social IS NULL)) AS above_eu_social_unknown,
          count(*) FILTER (WHERE amount IS NULL) AS amount_unknown
        FROM contracts WHERE {where} AND notification_date >= ?
    """  # noqa: S608 (values are bound)
    sql_params = [*threshold_params] * 3 + [*params, start]
    counts = store_query.fetch_one(sql, sql_params)
    if counts is None:
        return None
    list_sql = f"""
        SELECT uid, buyer_siret, buyer_name, object, notification_date, amount, kind,
               social, environmental, {threshold} AS eu_threshold
        FROM contracts WHERE {where} AND notification_date >= ?
          AND (environmental = 'no' OR (amount >= {threshold} AND social = 'no'))
        ORDER BY notification_date DESC, uid LIMIT {LIST_LIMIT}
    """  # noqa: S608 (values are bound)
    signals = store_query.fetch_dicts(
        list_sql, [*threshold_params, *params, start, *threshold_params]
    )
    for item in signals:
        reasons = []
        if item["environmental"] == "no":
            reasons.append("aucune considération environnementale")
        if (
            item["social"] == "no"
            and item["amount"] is not None
            and item["amount"] >= (item["eu_threshold"] or float("inf"))
        ):
            reasons.append("aucune considération sociale au-dessus du seuil européen")
        item["reason"] = "\u00a0; ".join(reasons)
    rows = [
        {"signal": "Contrats notifiés depuis la date d'application", "count": counts["notified"]},
        {
            "signal": "Sans considération environnementale (à vérifier)",
            "count": counts["no_environmental"],
        },
        {
            "signal": "Considération environnementale inconnue",
            "count": counts["environmental_unknown"],
        },
        {"signal": "Au-dessus des seuils européens", "count": counts["above_eu"]},
        {
            "signal": "Au-dessus des seuils européens sans considération sociale (à vérifier)",
            "count": counts["above_eu_no_social"],
        },
        {
            "signal": "Au-dessus des seuils européens, considération sociale inconnue",
            "count": counts["above_eu_social_unknown"],
        },
        {"signal": "Montant inconnu (seuil non évaluable)", "count": counts["amount_unknown"]},
    ]
    return Result(
        code=CODE,
        title=TITLE,
        columns=[Column("signal", "Signal"), Column("count", "Contrats", "int")],
        rows=rows,
        data={"start": start.isoformat(), "counts": counts, "signals": signals},
        notes=[
            f"Contrats notifiés à partir du {start:%d/%m/%Y}\u00a0: les obligations de l'article "
            f"35 s'appliquent aux procédures lancées à partir du {start:%d/%m/%Y} (décret) et du "
            f"{law_start:%d/%m/%Y} (loi). Les DECP donnent la date de notification, pas celle du "
            "lancement\u00a0: ces contrats sont des signaux à vérifier, pas des manquements.",
            "Les contrats de défense ou de sécurité, hors champ, ne sont pas identifiables "
            "dans les DECP. L'acheteur peut renoncer à la condition sociale dans les cas prévus "
            "par la loi s'il en consigne les motifs.",
            "Seuils européens appliqués\u00a0: travaux et concessions\u00a0; fournitures et "
            "services de l'État\u00a0; fournitures et services des autres acheteurs. Le seuil plus "
            "élevé des entités adjudicatrices n'est pas distingué (les DECP ne disent pas si "
            "l'acheteur agit comme tel)\u00a0: quelques contrats peuvent être signalés à tort.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Parmi les contrats notifiés à partir de la date d'application de l'article 35\u00a0: ceux "
        "sans considération environnementale (L2112-2, L2152-7) et ceux d'un montant au moins "
        "égal au seuil européen en vigueur (travaux et concessions, fournitures et services de "
        "l'État, des autres acheteurs) sans considération sociale (L2112-2-1)."
    ),
    numerator="contrats sans considération (champ « non »), les « inconnus » étant comptés à part",
    denominator="contrats notifiés depuis la date d'application",
    coverage="contrats dont le champ est connu\u00a0; montant nécessaire pour le seuil européen",
    basis="Loi n° 2021-1104 du 22 août 2021, art. 35\u00a0; décret n° 2022-767\u00a0; "
    "annexe 2 du CCP",
    version="1.0",
    compute=compute,
)
