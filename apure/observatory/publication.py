"""A buyer's own published data: how complete and plausible its DECP records are.

Each point of the scorecard says what was measured, which records are concerned (so that the
buyer can find them) and what to correct at the publishing platform (« profil d'acheteur »).
The points are declared once in POINTS; the page and the tests read them from there.
"""

from dataclasses import dataclass

from . import aggregates, exports, geography, labels, store_query

# How many records concerned a point lists (the count says how many there are in all).
EXAMPLES = 10
# A last publication older than this many days is worth checking at the platform.
STALE_AFTER_DAYS = 92


@dataclass(frozen=True)
class Point:
    code: str
    label: str
    short_label: str
    # SQL condition on `contracts` (alias c) selecting the records concerned.
    concerned: str
    # SQL condition selecting the contracts the point is measured on (None: all of them).
    measured_on: str | None
    advice: str
    # What the scorecard says when no contract of the buyer is measured.
    when_none: str = "sans objet\u00a0: aucun contrat"


_CAN_CARRY_CONSIDERATIONS = "c.source_format NOT IN ({})".format(
    ", ".join(f"'{code}'" for code in sorted(labels.FORMATS_WITHOUT_CONSIDERATIONS))
)


def _noted(*codes):
    names = ", ".join(f"'{code}'" for code in codes)
    return f"c.uid IN (SELECT uid FROM notes WHERE code IN ({names}))"  # noqa: S608


POINTS = [
    Point(
        "considerations",
        "Considérations sociales et environnementales renseignées (format 2022)",
        "Considérations non renseignées",
        "(c.social = 'unknown' OR c.environmental = 'unknown')",
        _CAN_CARRY_CONSIDERATIONS,
        "Dans votre profil d'acheteur, remplissez pour chaque marché les champs « considérations "
        "sociales » et « considérations environnementales » du format 2022\u00a0: choisissez « Pas "
        "de considération sociale » plutôt que de laisser le champ vide, qui compte comme "
        "inconnu dans l'observatoire.",
        "sans objet\u00a0: aucun contrat publié au format 2022, le seul qui porte ces champs",
    ),
    Point(
        "cpv",
        "Code CPV présent et reconnu",
        "CPV absent ou inconnu",
        f"(c.cpv IS NULL OR {_noted('missing_cpv', 'unknown_cpv')})",
        None,
        "Saisissez le code CPV principal du marché (8 chiffres de la nomenclature CPV 2008, par "
        "exemple 90910000 pour des services de nettoyage)\u00a0: sans lui, le contrat ne compte "
        "dans aucun segment d'achat.",
    ),
    Point(
        "placeholder_id",
        "Identifiant de marché réel",
        "Identifiant factice",
        _noted("placeholder_id"),
        None,
        "Publiez le numéro interne réel de chaque marché, unique pour l'acheteur, et jamais une "
        "valeur de remplissage (vide, « 0000 », « 1 »)\u00a0: sinon des marchés différents se "
        "confondent et les modifications ne se rattachent pas au bon marché.",
    ),
    Point(
        "absurd_amount",
        "Montant vraisemblable",
        "Montant invraisemblable",
        _noted("absurd_amount"),
        None,
        "Publiez le montant HT réellement notifié (pour un accord-cadre, son montant maximum ou "
        "estimé), jamais 0 €, 1 € ou 999 999 999 €\u00a0: corrigez-le par une modification publiée "
        "depuis la plateforme\u00a0; l'observatoire écarte ces montants des sommes.",
    ),
]


def _point_result(siret, point):
    base = "FROM contracts c WHERE c.buyer_siret = ? AND NOT coalesce(c.is_test, false)"
    scope = f"{base} AND {point.measured_on}" if point.measured_on else base
    counts = store_query.fetch_one(
        f"SELECT count(*) AS measured, count(*) FILTER (WHERE {point.concerned}) AS concerned "  # noqa: S608
        f"{scope}",
        [siret],
    )
    examples = store_query.fetch_dicts(
        f"SELECT c.uid, c.object, c.notification_date {scope} AND {point.concerned} "  # noqa: S608
        "ORDER BY c.notification_date DESC NULLS LAST, c.uid LIMIT ?",
        [siret, EXAMPLES],
    )
    measured, concerned = counts["measured"], counts["concerned"]
    return {
        "code": point.code,
        "label": point.label,
        "measured": measured,
        "concerned": concerned,
        "share_ok": aggregates.ratio(measured - concerned, measured),
        "ok": concerned == 0,
        "examples": examples,
        "advice": point.advice,
        "when_none": point.when_none,
    }


def last_publication(siret):
    """The buyer's latest publication date, its age in days, and whether it is worth a check."""
    row = store_query.fetch_one(
        "SELECT max(coalesce(last_publication, publication_date)) AS last FROM contracts "
        "WHERE buyer_siret = ? AND NOT coalesce(is_test, false)",
        [siret],
    )
    last = row["last"] if row else None
    age = (exports.today() - last).days if last else None
    return {
        "date": last,
        "age_days": age,
        "ok": age is not None and age <= STALE_AFTER_DAYS,
        "stale_after_days": STALE_AFTER_DAYS,
        "advice": "Vérifiez auprès de votre profil d'acheteur que les données essentielles de "
        "chaque marché notifié partent bien vers data.gouv.fr\u00a0: l'envoi est souvent une "
        "option à cocher à la notification.",
    }


def scorecard(siret):
    """The buyer's publication scorecard, or None when no store exists."""
    if not store_query.is_loaded():
        return None
    return {
        "last": last_publication(siret),
        "points": [_point_result(siret, point) for point in POINTS],
    }


def buyers_to_follow_up(region=geography.HAUTS_DE_FRANCE, limit=20):
    """The buyers of a région with the most records to correct, point by point: whom the
    network can help first. None when no store exists."""
    counts = ", ".join(
        f"count(*) FILTER (WHERE {point.measured_on or 'true'} AND {point.concerned}) "
        f"AS {point.code}"
        for point in POINTS
    )
    total = " + ".join(point.code for point in POINTS)
    rows = store_query.fetch_dicts(
        f"SELECT * FROM (SELECT c.buyer_siret, max(c.buyer_name) AS buyer_name, "  # noqa: S608
        f"count(*) AS contracts, {counts} FROM contracts c "
        "WHERE NOT coalesce(c.is_test, false) AND c.buyer_region = ? GROUP BY c.buyer_siret) "
        f"WHERE {total} > 0 ORDER BY {total} DESC, buyer_siret LIMIT ?",
        [region, limit],
    )
    if rows is None:
        return None
    for row in rows:
        row["counts"] = [row[point.code] for point in POINTS]
    return {"region_name": geography.region_name(region), "points": POINTS, "rows": rows}
