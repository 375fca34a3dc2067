"""Where a buyer stands among buyers of the same kind and size (percentile)."""

from bisect import bisect_left, bisect_right

from .. import aggregates, contracts, labels, store_query
from .base import NOTE, Column, Indicator, Result

CODE = "position_pairs"
TITLE = "Position parmi les acheteurs comparables"
# Size bands on the amount of marchés notified over the selected years (€ HT).
SIZE_BANDS = [
    ("moins de 1 M€", 0, 1e6),
    ("de 1 à 10 M€", 1e6, 1e7),
    ("de 10 à 50 M€", 1e7, 5e7),
    ("de 50 à 200 M€", 5e7, 2e8),
    ("200 M€ et plus", 2e8, float("inf")),
]
# A share computed on fewer known contracts says little: such buyers are not ranked.
MIN_KNOWN = aggregates.MIN_KNOWN


def size_band(amount):
    return next(label for label, low, high in SIZE_BANDS if low <= (amount or 0) < high)


def _peer_filters(filters):
    """Same years, segment and procedure as the buyer's view, whatever the territory."""
    return filters.without("buyer", "region", "departement", "buyer_kind")


def _peers(filters, buyer_kind, band):
    """Shares of the buyers of one kind whose amount falls in the band (the buyer included)."""
    where, params = _peer_filters(filters).where()
    _, low, high = next(item for item in SIZE_BANDS if item[0] == band)
    kind_sql = "buyer_kind = ?" if buyer_kind else "buyer_kind IS NULL"
    kind_params = [buyer_kind] if buyer_kind else []
    sql = f"""
        SELECT buyer_siret,
               count(*) FILTER (WHERE social = 'yes') AS social_yes,
               count(*) FILTER (WHERE social IN ('yes', 'no')) AS social_known,
               count(*) FILTER (WHERE environmental = 'yes') AS environmental_yes,
               count(*) FILTER (WHERE environmental IN ('yes', 'no')) AS environmental_known
        FROM contracts WHERE {where} AND {kind_sql}
        GROUP BY buyer_siret
        HAVING coalesce(sum(amount) FILTER (WHERE kind = 'marche'), 0) >= ?
           AND coalesce(sum(amount) FILTER (WHERE kind = 'marche'), 0) < ?
    """  # noqa: S608 (values are bound)
    high = high if high != float("inf") else 1e300
    return store_query.fetch_dicts(sql, [*params, *kind_params, low, high])


def _position(own_share, peer_shares):
    """Share of peers doing strictly better, and the buyer's percentile rank."""
    peer_shares = sorted(peer_shares)
    better = len(peer_shares) - bisect_right(peer_shares, own_share)
    below = bisect_left(peer_shares, own_share)
    count = len(peer_shares)
    return {
        "better": better,
        "share_better": round(better / count, 6) if count else None,
        "percentile": round(100 * below / count, 1) if count else None,
    }


def compute(filters):
    if not filters.buyer:
        return Result(CODE, TITLE, [], [], notes=["Choisissez un acheteur."])
    if not store_query.is_loaded():
        return None
    identity = contracts.buyer(filters.buyer)
    if identity is None:
        return Result(CODE, TITLE, [], [], notes=["Aucun contrat de cet acheteur."])
    own_totals = aggregates.totals(_peer_filters(filters).with_(buyer=filters.buyer))
    if not own_totals["contracts"]:
        return Result(CODE, TITLE, [], [], notes=["Aucun contrat de cet acheteur."])
    band = size_band(own_totals["amount_eur"])
    buyers = _peers(filters, identity["buyer_kind"], band)
    own = next(item for item in buyers if item["buyer_siret"] == filters.buyer)
    peers = [item for item in buyers if item["buyer_siret"] != filters.buyer]
    rows = []
    for dimension, label in (("social", "sociale"), ("environmental", "environnementale")):
        known = own[f"{dimension}_known"]
        share = aggregates.known_share(own[f"{dimension}_yes"], known, known)
        ranked = [
            item[f"{dimension}_yes"] / item[f"{dimension}_known"]
            for item in peers
            if aggregates.enough_known(item[f"{dimension}_known"])
        ]
        position = (
            _position(share, ranked)
            if share is not None
            else {"better": None, "share_better": None, "percentile": None}
        )
        rows.append(
            {
                "dimension": label,
                "share": share,
                "note": aggregates.withheld_note({"part de l'acheteur": known}),
                "known": known,
                "peers": len(ranked),
                "median": round(sorted(ranked)[len(ranked) // 2], 6) if ranked else None,
                **position,
            }
        )
    return Result(
        code=CODE,
        title=TITLE,
        columns=[
            Column("dimension", "Considération"),
            Column("share", "Part de l'acheteur", "share"),
            Column("known", "Contrats renseignés", "int"),
            Column("peers", "Acheteurs comparables classés", "int"),
            Column("median", "Médiane des comparables", "share"),
            Column("share_better", "Comparables qui font mieux", "share"),
            Column("percentile", "Rang centile de l'acheteur (0 à 100)", "int"),
            NOTE,
        ],
        details=[Column("better", "Comparables qui font mieux (nombre)", "int")],
        rows=rows,
        data={
            "buyer_kind": labels.buyer_kind(identity["buyer_kind"]),
            "size_band": band,
            "amount_eur": own_totals["amount_eur"],
        },
        notes=[
            "Acheteurs comparables\u00a0: même catégorie et même tranche de montant de marchés "
            "notifiés sur les années choisies, partout en France, avec au moins "
            f"{MIN_KNOWN} contrats dont le champ est renseigné.",
        ],
    )


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Part des acheteurs comparables (même catégorie, même tranche de montant notifié) dont "
        "la part de contrats avec considération sociale (resp. environnementale) est "
        "strictement supérieure à celle de l'acheteur, et rang centile de l'acheteur."
    ),
    numerator="acheteurs comparables dont la part est supérieure",
    denominator=f"acheteurs comparables avec au moins {MIN_KNOWN} contrats renseignés",
    coverage="seuls les acheteurs avec assez de contrats renseignés sont classés",
    basis="Indicateur de pilotage du réseau (pas de base légale)",
    version="1.0",
    compute=compute,
    needs_buyer=True,
)
