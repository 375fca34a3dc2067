"""« Références publiques »: the public contracts a supplier won, from the DECP holders table
of the analytical store, joined on the supplier's SIRET or, for its other establishments, on
its SIREN. Read through apure.observatory.store_query (read-only, cached per store version)."""

from dataclasses import dataclass

from apure.observatory import store_query
from apure.observatory.filters import Filters

from .models import Supplier

SHOWN = 20  # contracts listed on a supplier's page (the summary counts them all)


@dataclass(frozen=True)
class References:
    loaded: bool  # False when no DECP store was imported yet
    contracts: int = 0
    reserved: int = 0
    social: int = 0
    buyers: int = 0
    amount: float = 0.0
    same_establishment: int = 0
    latest: tuple = ()


def _won_by(siren: str) -> tuple[str, list]:
    """Contracts one of whose holders is an establishment of the company (SIRET = SIREN + 5)."""
    where, params = Filters().where("c.")
    condition = f"{where} AND c.uid IN (SELECT uid FROM holders WHERE left(holder_id, 9) = ?)"  # noqa: S608
    return condition, [*params, siren]


def of_supplier(siret: str) -> References:
    if not store_query.is_loaded():
        return References(loaded=False)
    condition, params = _won_by(siret[:9])
    summary = store_query.fetch_one(
        f"""
        SELECT count(*) AS contracts,
               count(*) FILTER (WHERE c.social_reserved) AS reserved,
               count(*) FILTER (WHERE c.social = 'yes') AS social,
               count(DISTINCT c.buyer_siret) AS buyers,
               coalesce(sum(c.amount), 0) AS amount,
               count(*) FILTER (WHERE c.uid IN (SELECT uid FROM holders WHERE holder_id = ?))
                   AS same_establishment
        FROM contracts c WHERE {condition}
        """,  # noqa: S608 (values are bound)
        [siret, *params],
    )
    latest = store_query.fetch_dicts(
        f"""
        SELECT c.uid, c.object, c.buyer_siret, c.buyer_name, c.notification_date, c.amount,
               c.social, c.social_reserved, c.social_clause, c.cpv
        FROM contracts c WHERE {condition}
        ORDER BY c.notification_date DESC NULLS LAST, c.uid LIMIT {SHOWN}
        """,  # noqa: S608 (values are bound)
        params,
    )
    for contract in latest:
        contract["social_label"] = social_label(contract)
    return References(loaded=True, latest=tuple(latest), **summary)


def social_label(contract: dict) -> str:
    """What the contract says of social considerations, reserved contracts first."""
    if contract["social_reserved"]:
        return "Marché réservé"
    return {"yes": "Oui", "no": "Non"}.get(contract["social"], "Non renseignée")


def unlisted_reserved_holders(limit: int = 100) -> list[dict] | None:
    """Companies that won reserved contracts and are not in the directory, most contracts
    first: for facilitators to qualify (None when no store was imported)."""
    if not store_query.is_loaded():
        return None
    where, params = Filters().where("c.")
    rows = store_query.fetch_dicts(
        f"""
        SELECT left(h.holder_id, 9) AS siren, min(h.holder_id) AS siret, max(h.name) AS name,
               count(DISTINCT c.uid) AS contracts, max(c.notification_date) AS latest
        FROM holders h JOIN contracts c ON c.uid = h.uid
        WHERE {where} AND c.social_reserved AND regexp_full_match(h.holder_id, '[0-9]{{14}}')
        GROUP BY 1 ORDER BY contracts DESC, latest DESC NULLS LAST, siren
        """,  # noqa: S608 (values are bound)
        params,
    )
    listed = set(
        Supplier.objects.filter(siren__in=[row["siren"] for row in rows]).values_list(
            "siren", flat=True
        )
    )
    return [row for row in rows if row["siren"] not in listed][:limit]
