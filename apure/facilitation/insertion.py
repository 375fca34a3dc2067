"""Insertion hours: planned vs done per contract, and the totals per buyer, per year and for
the network. The SPASER yearly values (apure.reporting.spaser) read `hours_done`."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from .models import InsertionFollowUp, InsertionYear


@dataclass(frozen=True)
class Done:
    hours: Decimal
    contracts: int


def hours_done(organisation, year: int) -> Done | None:
    """Hours done in a year under a buyer's followed contracts; None when none was entered."""
    totals = InsertionYear.objects.filter(
        follow_up__organisation=organisation, year=year
    ).aggregate(hours=Sum("hours_done"), contracts=Count("follow_up", distinct=True))
    if not totals["contracts"]:
        return None
    return Done(hours=totals["hours"], contracts=totals["contracts"])


def planned_from_project(project) -> Decimal | None:
    """The hours the recommender sized for a saved project, when it sized any."""
    hours = (project.summary or {}).get("heures") if project else None
    return Decimal(str(hours)).quantize(Decimal("1")) if hours is not None else None


def network_totals() -> dict:
    """Every followed contract: hours planned and done, overall and per year (3 queries)."""
    planned = InsertionFollowUp.objects.aggregate(hours=Sum("hours_planned"), contracts=Count("pk"))
    by_year = list(
        InsertionYear.objects.order_by("year")
        .values("year")
        .annotate(hours=Sum("hours_done"), contracts=Count("follow_up", distinct=True))
    )
    buyers = InsertionFollowUp.objects.order_by().values("organisation").distinct().count()
    return {
        "contracts": planned["contracts"],
        "buyers": buyers,
        "planned": planned["hours"] or Decimal(0),
        "done": sum((row["hours"] for row in by_year), Decimal(0)),
        "by_year": by_year,
    }


def follow_ups_with_totals(follow_ups):
    """Follow-ups annotated with `hours_done_total` (one query)."""
    return follow_ups.select_related("organisation", "facilitator").annotate(
        hours_done_total=Sum("years__hours_done")
    )
