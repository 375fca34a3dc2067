"""Buyers whose notified marchés in a calendar year exceed the SPASER threshold in force."""

from .. import reference, store_query
from .base import Column, Indicator, Result

CODE = "estimation_spaser"
TITLE = "Estimation de l'obligation d'adopter un SPASER"
THRESHOLD = "spaser_threshold"
LIST_LIMIT = 500


def threshold_by_year_sql():
    """CASE expression: the threshold in force on 1 January of the contract's year."""
    branches, params = [], []
    for period in reference.periods(THRESHOLD):
        if period.valid_to:
            branches.append("WHEN year BETWEEN ? AND ? THEN ?")
            params += [period.valid_from.year, period.valid_to.year, period.value]
        else:
            branches.append("WHEN year >= ? THEN ?")
            params += [period.valid_from.year, period.value]
    return f"CASE {' '.join(branches)} END", params


def compute(filters):
    """All years of one buyer when filtered on a buyer; otherwise only the years above."""
    where, params = filters.where()
    threshold, threshold_params = threshold_by_year_sql()
    only_above = "" if filters.buyer else "WHERE amount_eur > threshold"
    sql = f"""
        SELECT * FROM (
          SELECT buyer_siret, max(buyer_name) AS buyer_name, year,
                 count(*) AS marches, coalesce(sum(amount), 0) AS amount_eur,
                 any_value({threshold}) AS threshold
          FROM contracts
          WHERE {where} AND kind = 'marche' AND year IS NOT NULL
          GROUP BY buyer_siret, year
        ) {only_above}
        ORDER BY year DESC, amount_eur DESC, buyer_siret LIMIT {LIST_LIMIT}
    """  # noqa: S608 (values are bound)
    rows = store_query.fetch_dicts(sql, [*threshold_params, *params])
    if rows is None:
        return None
    for row in rows:
        row["amount_eur"] = round(row["amount_eur"], 2)
        row["above"] = row["threshold"] is not None and row["amount_eur"] > row["threshold"]
        row["status"] = "au-dessus du seuil" if row["above"] else "sous le seuil"
    return Result(
        code=CODE,
        title=TITLE,
        columns=[
            Column("buyer_siret", "SIRET"),
            Column("buyer_name", "Acheteur"),
            Column("year", "Année"),
            Column("marches", "Marchés notifiés", "int"),
            Column("amount_eur", "Montant notifié (€ HT)", "eur"),
            Column("threshold", "Seuil en vigueur (€ HT)", "eur"),
            Column("status", "Estimation"),
        ],
        rows=rows,
        data={"buyers_above": len({row["buyer_siret"] for row in rows if row["above"]})},
        notes=[
            "Estimation et borne basse : le seuil (100 M€ HT jusqu'en 2022, 50 M€ HT depuis "
            "2023) porte sur les dépenses d'une année civile au titre des marchés (D2111-3 du "
            "CCP), alors que les DECP donnent les montants notifiés ; elles ne couvrent pas les "
            "marchés sous 40 000 € HT ni les dépenses des marchés notifiés les années "
            "précédentes, et ne permettent pas d'exclure les marchés du livre V.",
            "Les concessions ne sont pas comptées. Le texte ne dit pas quelle année civile "
            "compte : l'année de notification est affichée telle quelle.",
            "Jusqu'au 24 octobre 2023, seuls les collectivités territoriales et les acheteurs "
            "dont le statut est fixé par la loi étaient soumis au SPASER ; depuis la loi "
            "Industrie verte, tout acheteur soumis au code de la commande publique l'est.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Pour chaque acheteur (SIRET) et chaque année civile : somme des montants des marchés "
        "notifiés, comparée au seuil du SPASER en vigueur cette année-là. Un acheteur au-dessus "
        "du seuil est probablement soumis à l'obligation ; un acheteur en dessous peut l'être "
        "quand même (estimation par défaut)."
    ),
    numerator="montant des marchés notifiés par l'acheteur dans l'année (€ HT)",
    denominator="seuil du SPASER en vigueur (100 M€ HT jusqu'en 2022, 50 M€ HT depuis 2023)",
    coverage="marchés publiés dans les DECP (au moins 40 000 € HT) ; montant connu",
    basis="Art. L2111-3 et D2111-3 du code de la commande publique ; décret n° 2022-767",
    version="1.0",
    compute=compute,
)
