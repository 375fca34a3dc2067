"""A body's SPASER year by year: each objective's value, computed from the DECP store where the
store can give it, entered by the body otherwise, and always saying where it comes from."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from apure.carbon import pages as carbon_pages
from apure.facilitation import insertion
from apure.obligations.thresholds import french_date
from apure.observatory import aggregates
from apure.reference import legal

from . import agec, body_figures
from .models import AgecDeclaration, EnteredValue, Measure, Objective, SpaserReport, Status, Unit

# Where a computed share is read in the observatory's figures: (dimension, share, in value?).
COMPUTED = {
    Measure.SOCIAL_COUNT: ("social", "share_yes", False),
    Measure.SOCIAL_AMOUNT: ("social", "share_yes_amount", True),
    Measure.ENV_COUNT: ("environmental", "share_yes", False),
    Measure.ENV_AMOUNT: ("environmental", "share_yes_amount", True),
    Measure.RESERVED_COUNT: ("social", "share_reserved", False),
}
# The national plan's targets (PNAD) that a computed share can be set beside.
PNAD_TARGETS = {
    Measure.SOCIAL_COUNT: "pnad_social_target",
    Measure.ENV_COUNT: "pnad_environmental_target",
}
# For these units a smaller value is better (emissions); for all others, a larger one.
LOWER_IS_BETTER = {Unit.TCO2E}


class Origin:
    COMPUTED = "calcul"
    ENTERED = "saisie"
    MISSING = "manquante"


@dataclass(frozen=True)
class YearValue:
    objective: Objective
    year: int
    value: Decimal | None
    origin: str
    source: str
    coverage: float | None = None
    reason: str = ""
    pnad_target: Decimal | None = None

    @property
    def target_reached(self) -> bool | None:
        if self.value is None:
            return None
        if self.objective.unit in LOWER_IS_BETTER:
            return self.value <= self.objective.target_value
        return self.value >= self.objective.target_value

    @property
    def progress(self) -> str:
        """« cible atteinte », « cible pas encore atteinte » (before the target year)…"""
        if self.target_reached is None:
            return ""
        if self.target_reached:
            return "cible atteinte"
        if self.year < self.objective.target_year:
            return "cible pas encore atteinte"
        return "cible non atteinte"


def _percent(share) -> Decimal | None:
    return None if share is None else (Decimal(str(share)) * 100).quantize(Decimal("0.1"))


def _coverage(totals, dimension, in_value) -> float | None:
    block = totals[dimension]
    if in_value:
        return aggregates.ratio(block["known_amount_eur"], totals["amount_eur"])
    return block["coverage"]


def computed_value(objective, year, totals) -> YearValue:
    dimension, share_key, in_value = COMPUTED[objective.measure]
    pnad = PNAD_TARGETS.get(objective.measure)
    pnad_value = legal.value(pnad, date(year, 1, 1)) if pnad else None
    common = {
        "objective": objective,
        "year": year,
        "origin": Origin.COMPUTED,
        "pnad_target": _percent(pnad_value.value) if pnad_value else None,
    }
    if totals is None:
        return YearValue(
            value=None,
            source="Calcul impossible\u00a0: aucun marché de la structure dans les données "
            f"essentielles (DECP) de {year}.",
            **common,
        )
    block = totals[dimension]
    basis = "en valeur, marchés dont le montant est connu" if in_value else "en nombre"
    return YearValue(
        value=_percent(block[share_key]),
        source=f"Calculé d'après les données essentielles (DECP)\u00a0: {totals['contracts']} "
        f"contrats notifiés en {year}, part {basis}, parmi les marchés où l'information est "
        "renseignée.",
        coverage=_coverage(totals, dimension, in_value),
        reason=block["share_reason"] or "",
        **common,
    )


def entered_value(objective, year, entered: EnteredValue | None, followed=None) -> YearValue:
    """The body's entered value; for insertion hours not entered, the hours its facilitators
    recorded in the follow-up (apure.facilitation.insertion), said so."""
    if entered is None and followed is not None and objective.unit == Unit.HOURS:
        return YearValue(
            objective=objective,
            year=year,
            value=followed.hours,
            origin=Origin.COMPUTED,
            source="Heures d'insertion réalisées d'après le suivi des facilitateurs\u00a0: "
            f"{followed.contracts} marché(s) suivi(s) en {year}.",
        )
    if entered is None:
        return YearValue(
            objective=objective,
            year=year,
            value=None,
            origin=Origin.MISSING,
            source="Valeur non saisie.",
        )
    return YearValue(
        objective=objective,
        year=year,
        value=entered.value,
        origin=Origin.ENTERED,
        source=f"Saisi par la structure\u00a0: {entered.source}",
    )


def yearly_values(scheme, year) -> list[YearValue]:
    """The value of every objective of the scheme for the year (one store read per year)."""
    objectives = list(scheme.objectives.all())
    entered = {
        value.objective_id: value
        for value in EnteredValue.objects.filter(objective__scheme=scheme, year=year)
    }
    needs_store = any(objective.is_computed for objective in objectives)
    totals = body_figures.year_totals(scheme.organisation, year) if needs_store else None
    needs_hours = any(o.unit == Unit.HOURS and not o.is_computed for o in objectives)
    followed = insertion.hours_done(scheme.organisation, year) if needs_hours else None
    return [
        computed_value(objective, year, totals)
        if objective.is_computed
        else entered_value(objective, year, entered.get(objective.pk), followed)
        for objective in objectives
    ]


def report_years(scheme, year) -> list[int]:
    """The years of the trend: from the scheme's start (or baseline) up to the report's year."""
    start = min([scheme.period_start, *(o.baseline_year for o in scheme.objectives.all())])
    return list(range(max(start, year - 5), year + 1))


def trend(scheme, year) -> list[dict]:
    """Per objective, its value in each year of the trend."""
    years = report_years(scheme, year)
    by_year = {each: yearly_values(scheme, each) for each in years}
    return [
        {"objective": objective, "values": [by_year[each][index] for each in years]}
        for index, objective in enumerate(scheme.objectives.all())
    ]


def report_for(scheme, year) -> SpaserReport:
    report, _ = SpaserReport.objects.get_or_create(scheme=scheme, year=year)
    return report


def publish(report, now) -> None:
    """Put the report online: published and public, in one step. Publishing used to take a
    « publier en ligne » box and a separate button, and members believed a report online
    that was only « publié »."""
    if report.status == Status.PUBLISHED and report.is_public:
        return  # a second click or an old tab: « en ligne depuis » keeps its date
    report.status = Status.PUBLISHED
    report.is_public = True
    report.published_at = now
    report.save(update_fields=["status", "is_public", "published_at"])


def unpublish(report) -> None:
    """Take the report offline: a draft again, seen only by its body and the facilitators."""
    report.status = Status.DRAFT
    report.is_public = False
    report.save(update_fields=["status", "is_public"])


def public_url(path: str) -> str:
    """The full address of a page of the site (APURE_SITE_URL), for a PDF or a sentence
    that must work outside the site (an address already full is kept)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def online_reports():
    """Reports anyone may read: published, and the body chose to put them online."""
    return (
        SpaserReport.objects.filter(status=Status.PUBLISHED, is_public=True)
        .select_related("scheme__organisation")
        .order_by("scheme__organisation__name", "-year")
    )


def describe(scheme) -> str:
    """The scheme in one French sentence (report page and PDF)."""
    adopted = (
        f"adopté le {french_date(scheme.adopted_on)}"
        if scheme.adopted_on
        else "dont la date d'adoption n'est pas renseignée"
    )
    deliberation = f" (délibération {scheme.deliberation})" if scheme.deliberation else ""
    return (
        f"Le schéma « {scheme.title} », {adopted}{deliberation}, couvre les années "
        f"{scheme.period_start} à {scheme.period_end}."
    )


def report_content(scheme, year) -> dict:
    """Everything the yearly report shows (HTML page, PDF and command read this one dict)."""
    carbon = body_figures.carbon(scheme.organisation, year)
    declaration = (
        AgecDeclaration.objects.filter(organisation=scheme.organisation, year=year)
        .select_related("organisation")
        .prefetch_related("lines")
        .first()
    )
    return {
        "organisation": scheme.organisation,
        "scheme": scheme,
        "scheme_sentence": describe(scheme),
        "year": year,
        "report": report_for(scheme, year),
        "joint_with": list(scheme.joint_with.all()),
        "obligation": body_figures.obligation(scheme.organisation, year),
        "values": yearly_values(scheme, year),
        "trend": trend(scheme, year),
        "trend_years": report_years(scheme, year),
        "agec": agec.summary(declaration) if declaration else None,
        "carbon": carbon_pages.summary(carbon),
        "carbon_estimate": carbon,
    }
