"""Buyers whose notified marchés in a calendar year exceed the SPASER threshold in force."""

from apure.reference import legal

from .. import store_query
from .base import Column, Indicator, Result

CODE = "estimation_spaser"
TITLE = "Estimation de l'obligation d'adopter un SPASER"
THRESHOLD = "spaser_threshold"
ALL_BUYERS_DATE = "spaser_all_buyers"
DECP_THRESHOLD = "decp_threshold"
REFERENCE_KEYS = (THRESHOLD, ALL_BUYERS_DATE, DECP_THRESHOLD)
LIST_LIMIT = 500


def threshold_by_year_sql():
    """CASE expression: the threshold in force on 1 January of the contract's year."""
    branches, params = [], []
    for period in legal.periods(THRESHOLD):
        bounds = [
            *(["year >= ?"] if period.valid_from else []),
            *(["year <= ?"] if period.valid_to else []),
        ]
        branches.append(f"WHEN {' AND '.join(bounds) or 'TRUE'} THEN ?")
        params += [day.year for day in (period.valid_from, period.valid_to) if day]
        params.append(period.value)
    return f"CASE {' '.join(branches)} END", params


def threshold_history() -> str:
    """« 100 M€ HT jusqu'en 2022, 50 M€ HT depuis 2023 », from the dated reference values."""
    parts = []
    for period in legal.periods(THRESHOLD):
        amount = f"{period.value / 1_000_000:g} M€ HT"
        if period.valid_to:
            parts.append(f"{amount} jusqu'en {period.valid_to.year}")
        elif period.valid_from:
            parts.append(f"{amount} depuis {period.valid_from.year}")
        else:
            parts.append(amount)
    return ", ".join(parts)


def decp_floor() -> str:
    """« 40 000 € HT »: the amount under which contracts are not in the DECP."""
    return f"{legal.latest(DECP_THRESHOLD).value:,} € HT".replace(",", " ")


# Buyers in the SPASER's scope before the Industrie verte law: local authorities, and EPCI as
# public bodies whose status is set by law (the reading of the obligations module too).
LOCAL_AUTHORITIES = {"region", "departement", "epci", "commune"}
# Brought into the scope only by the Industrie verte law (docs/SOURCES.md §1.2).
ADDED_IN_2023 = {"etat", "hopital"}
# Filters that pick contracts, not buyers: they choose which buyers are listed, but the yearly
# amount of a buyer counts all its marchés of the year (the threshold is about all its spending).
CONTRACT_FILTERS = ("region", "departement", "cpv_division", "segment", "procedure",
                    "amount_band", "kind")  # fmt: skip


def scope(buyer_kind, year):
    """Is the buyer in the SPASER's organic scope for that calendar year: yes, no or check.

    The scope widened on 25 October 2023: a year before it uses the old scope, a later year the
    new one; 2023 itself straddles the date, so a buyer added then is « à vérifier ».
    """
    extension = legal.latest(ALL_BUYERS_DATE).as_date
    if year > extension.year or buyer_kind in LOCAL_AUTHORITIES:
        return "yes"
    if buyer_kind in ADDED_IN_2023 and year < extension.year:
        return "no"
    return "check"


def status(above, in_scope):
    extension = f"{legal.latest(ALL_BUYERS_DATE).as_date:%d/%m/%Y}"
    if not above:
        return "sous le seuil"
    if in_scope == "yes":
        return "au-dessus du seuil"
    if in_scope == "no":
        return f"hors champ (État et établissements de santé soumis depuis le {extension})"
    return f"à vérifier\u00a0: au-dessus du seuil, hors champ possible avant le {extension}"


def compute(filters):
    """All years of one buyer when filtered on a buyer; otherwise only the years above."""
    where, params = filters.where()
    buyer_where, buyer_params = filters.without(*CONTRACT_FILTERS).where()
    threshold, threshold_params = threshold_by_year_sql()
    only_above = "" if filters.buyer else "WHERE amount_eur > threshold"
    sql = f"""
        WITH listed AS (
          SELECT DISTINCT buyer_siret, year FROM contracts
          WHERE {where} AND kind = 'marche' AND year IS NOT NULL
        )
        SELECT * FROM (
          SELECT buyer_siret, max(buyer_name) AS buyer_name, any_value(buyer_kind) AS buyer_kind,
                 year, count(*) AS marches, coalesce(sum(amount), 0) AS amount_eur,
                 any_value({threshold}) AS threshold
          FROM contracts SEMI JOIN listed USING (buyer_siret, year)
          WHERE {buyer_where} AND kind = 'marche'
          GROUP BY buyer_siret, year
        ) {only_above}
        ORDER BY year DESC, amount_eur DESC, buyer_siret LIMIT {LIST_LIMIT}
    """  # noqa: S608 (values are bound)
    rows = store_query.fetch_dicts(sql, [*params, *threshold_params, *buyer_params])
    if rows is None:
        return None
    for row in rows:
        row["amount_eur"] = round(row["amount_eur"], 2)
        above = row["threshold"] is not None and row["amount_eur"] > row["threshold"]
        row["in_scope"] = scope(row["buyer_kind"], row["year"])
        row["above"] = above and row["in_scope"] == "yes"
        row["status"] = status(above, row["in_scope"])
    return Result(
        code=CODE,
        title=TITLE,
        columns=[
            Column("buyer_siret", "SIRET"),
            Column("buyer_name", "Acheteur"),
            Column("year", "Année", "year"),
            Column("marches", "Marchés notifiés", "int"),
            Column("amount_eur", "Montant notifié (€ HT)", "eur"),
            Column("threshold", "Seuil en vigueur (€ HT)", "eur"),
            Column("status", "Estimation"),
        ],
        details=[
            Column("buyer_kind", "Catégorie d'acheteur"),
            Column("in_scope", "Dans le champ du SPASER cette année-là (yes, no ou check)"),
            Column("above", "Au-dessus du seuil et dans le champ", "bool"),
        ],
        rows=rows,
        data={"buyers_above": len({row["buyer_siret"] for row in rows if row["above"]})},
        notes=[
            f"Estimation et borne basse\u00a0: le seuil ({threshold_history()}) porte sur les "
            "dépenses d'une année civile au titre des marchés (D2111-3 du CCP), alors que les "
            "DECP donnent les montants notifiés\u00a0; elles ne couvrent pas les marchés sous "
            f"{decp_floor()} ni les dépenses des marchés notifiés les années "
            "précédentes, et ne permettent pas d'exclure les marchés du livre V.",
            "Les concessions ne sont pas comptées. Le texte ne dit pas quelle année civile "
            "compte\u00a0: l'année de notification est affichée telle quelle.",
            "Jusqu'au 24 octobre 2023, seuls les collectivités territoriales et les acheteurs "
            "dont le statut est fixé par la loi étaient soumis au SPASER\u00a0; depuis la loi "
            "Industrie verte, tout acheteur soumis au code de la commande publique l'est. "
            "Avant 2023, l'État et les établissements de santé sont donc « hors champ »\u00a0; "
            "en 2023, et avant 2024 pour les autres acheteurs qui ne sont pas des "
            "collectivités, l'estimation est « à vérifier ».",
            "Le montant annuel d'un acheteur compte tous ses marchés notifiés dans l'année, "
            "quels que soient les filtres de lieu d'exécution, de segment, de division CPV, de "
            "procédure ou de montant\u00a0: ces filtres choisissent seulement les acheteurs "
            "listés.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Pour chaque acheteur (SIRET) et chaque année civile\u00a0: somme des montants des marchés "
        "notifiés, comparée au seuil du SPASER en vigueur cette année-là. Un acheteur au-dessus "
        "du seuil est probablement soumis à l'obligation s'il entre dans le champ du SPASER "
        "cette année-là (avant le 25 octobre 2023\u00a0: collectivités territoriales et acheteurs "
        "dont le statut est fixé par la loi)\u00a0; un acheteur en dessous peut l'être quand même "
        "(estimation par défaut)."
    ),
    numerator="montant des marchés notifiés par l'acheteur dans l'année (€ HT)",
    denominator=f"seuil du SPASER en vigueur ({threshold_history()})",
    coverage=f"marchés publiés dans les DECP (au moins {decp_floor()})\u00a0; montant connu",
    basis="Art. L2111-3 et D2111-3 du code de la commande publique\u00a0; décret n° 2022-767",
    version="1.1",
    compute=compute,
)
