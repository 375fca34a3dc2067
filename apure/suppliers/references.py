"""« Références publiques »: the public contracts a supplier won, from the DECP holders table
of the analytical store, joined on the supplier's SIRET or, for its other establishments, on
its SIREN. Read through apure.observatory.store_query (read-only, cached per store version)."""

from dataclasses import dataclass

from django.db.models import Count, Max

from apure.decp import store
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


def of_supplier(siret: str) -> References:
    """Every contract the company won, read with one scan of the holders table (the costly
    part on a large store): the summary and the latest contracts are computed from those rows,
    a few hundred at most for the structures of the directory."""
    if not store_query.is_loaded():
        return References(loaded=False)
    where, params = Filters().where("c.")
    rows = store_query.fetch_dicts(
        f"""
        WITH won AS (
            SELECT uid, bool_or(holder_id = ?) AS same_establishment FROM holders
            WHERE starts_with(holder_id, ?) GROUP BY uid
        )
        SELECT c.uid, c.object, c.buyer_siret, c.buyer_name, c.notification_date, c.amount,
               c.social, c.social_reserved, c.social_clause, c.cpv, w.same_establishment
        FROM contracts c JOIN won w ON c.uid = w.uid
        WHERE {where}
        ORDER BY c.notification_date DESC NULLS LAST, c.uid
        """,  # noqa: S608 (values are bound)
        [siret, siret[:9], *params],
    )
    latest = [dict(row) for row in rows[:SHOWN]]
    for contract in latest:
        contract["social_label"] = social_label(contract)
    return References(
        loaded=True,
        contracts=len(rows),
        reserved=sum(1 for row in rows if row["social_reserved"]),
        social=sum(1 for row in rows if row["social"] == "yes"),
        buyers=len({row["buyer_siret"] for row in rows}),
        amount=sum(row["amount"] or 0 for row in rows),
        same_establishment=sum(1 for row in rows if row["same_establishment"]),
        latest=tuple(latest),
    )


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


# Contracts won by every company of the directory, per store version and directory version:
# one scan of the holders table when the store is swapped or the directory changes, instead of
# one per list page or recommendation.
_directory_counts: dict = {}


def _directory_version():
    state = Supplier.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return state["count"], state["latest"]


def directory_counts() -> dict[str, dict] | None:
    """For each company (SIREN) of the directory that won public contracts, how many and how
    many reserved (None when no store was imported). Companies without any contract are absent."""
    version = store_query.store_version()
    if version is None:
        return None
    key = (version, _directory_version())
    if _directory_counts.get("key") != key:
        sirens = sorted(set(Supplier.objects.values_list("siren", flat=True)))
        where, params = Filters().where("c.")
        # Read directly (not through store_query's cache, whose keys must be hashable):
        # this result is kept here.
        cursor = store.cursor()
        try:
            result = cursor.execute(
                f"""
                SELECT w.siren, count(*) AS contracts,
                       count(*) FILTER (WHERE c.social_reserved) AS reserved
                FROM (SELECT DISTINCT uid, left(holder_id, 9) AS siren FROM holders
                      WHERE left(holder_id, 9) IN (SELECT unnest(?::VARCHAR[]))) w
                JOIN contracts c ON c.uid = w.uid
                WHERE {where}
                GROUP BY w.siren
                """,  # noqa: S608 (values are bound)
                [sirens, *params],
            )
            rows = [
                {"siren": siren, "contracts": contracts, "reserved": reserved}
                for siren, contracts, reserved in result.fetchall()
            ]
        finally:
            cursor.close()
        _directory_counts.clear()
        _directory_counts.update(key=key, counts={row["siren"]: row for row in rows})
    return _directory_counts["counts"]


def counts_by_siren(sirens) -> dict[str, dict] | None:
    """The entries of `directory_counts` for some companies (None when no store)."""
    counts = directory_counts()
    if counts is None:
        return None
    return {siren: counts[siren] for siren in set(sirens) if siren in counts}
