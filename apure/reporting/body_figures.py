"""A member body's figures for one calendar year, read from the DECP store only through the
observatory's queries (apure.observatory), so that they agree with the observatory's pages.

The store knows buyers by SIRET; a body is known by its SIREN: its figures add up those of
every SIRET of the SIREN that published contracts (plus its head-office SIRET when set).
"""

from dataclasses import dataclass
from datetime import date

from apure.carbon import estimate as carbon_estimate
from apure.observatory import aggregates, contracts, store_query
from apure.observatory.filters import Filters
from apure.observatory.indicators import spaser_estimate
from apure.reference import legal

# A SIREN rarely has more than a few SIRETs publishing contracts; the cap keeps a page bounded.
MAX_SIRETS = 50


def body_sirets(organisation) -> list[str]:
    """The SIRETs under which the body published contracts, most contracts first."""
    sirets = []
    if organisation.siret:
        sirets.append(organisation.siret)
    if organisation.siren:
        for row in contracts.search_buyers(organisation.siren, limit=MAX_SIRETS):
            if row["buyer_siret"] not in sirets:
                sirets.append(row["buyer_siret"])
    return sirets


def _year_filters(siret, year) -> Filters:
    # Explicit empty région: a body's contracts count wherever they are carried out.
    return Filters.build(buyer=siret, years=(year,), region="")


def year_totals(organisation, year) -> dict | None:
    """The observatory's figures (counts, shares, coverage) over the body's contracts of the
    year; None when no store was imported or the body published nothing under its SIREN."""
    if not store_query.is_loaded():
        return None
    blocks = [aggregates.totals(_year_filters(siret, year)) for siret in body_sirets(organisation)]
    blocks = [block for block in blocks if block and block["contracts"]]
    return aggregates.merge(blocks) if blocks else None


def marche_amounts_by_cpv(organisation, year) -> dict[str, float] | None:
    """Amount notified in marchés per CPV code over the body's contracts of the year."""
    if not store_query.is_loaded():
        return None
    amounts: dict[str, float] = {}
    for siret in body_sirets(organisation):
        for group in aggregates.grouped(_year_filters(siret, year), "cpv", "cpv") or ():
            if group["cpv"]:
                amounts[group["cpv"]] = amounts.get(group["cpv"], 0) + group["amount_eur"]
    return amounts


BELOW_BY_DECP = (
    "sous le seuil d'après les seules DECP, à vérifier avec les dépenses de la structure"
)


@dataclass(frozen=True)
class Obligation:
    """Does the body's notified spend of the year exceed the SPASER threshold? An estimate."""

    year: int
    amount_eur: float
    threshold: object  # apure.reference.legal.Dated, or None when no period covers
    in_scope: str  # yes, no, check (spaser_estimate.scope)
    # The amount under which the DECP omit contracts (why the estimate is a lower bound).
    decp_floor: object = None  # apure.reference.legal.Dated

    @property
    def above(self) -> bool:
        return self.threshold is not None and self.amount_eur > self.threshold.value

    @property
    def status(self) -> str:
        if not self.above:
            # The DECP amount is a lower bound (small contracts and unpublished ones are
            # missing): being under the threshold by it does not show the body is under.
            return BELOW_BY_DECP
        return spaser_estimate.status(self.above, self.in_scope)


def obligation(organisation, year) -> Obligation | None:
    """The SPASER obligation estimate of the observatory, added up over the body's SIRETs."""
    if not store_query.is_loaded():
        return None
    amount, kind = 0.0, None
    for siret in body_sirets(organisation):
        result = spaser_estimate.compute(_year_filters(siret, year))
        for row in result.rows if result else ():
            if row["year"] == year:
                amount += row["amount_eur"]
                kind = kind or row["buyer_kind"]
    return Obligation(
        year=year,
        amount_eur=round(amount, 2),
        threshold=legal.value(spaser_estimate.THRESHOLD, date(year, 1, 1)),
        in_scope=spaser_estimate.scope(kind or organisation.kind, year),
        decp_floor=legal.latest("decp_threshold"),
    )


def carbon(organisation, year):
    """The carbon estimate of the body's marchés of the year (apure.carbon), added up over its
    SIRETs; None when no store was imported or the body published nothing."""
    if not store_query.is_loaded():
        return None
    return carbon_estimate.merge(
        carbon_estimate.compute(_year_filters(siret, year)) for siret in body_sirets(organisation)
    )
