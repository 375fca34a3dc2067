"""What each observatory page shows, computed from filters (views only render it)."""

from functools import lru_cache, wraps

from . import aggregates, charts, contracts, geography, store_query, summary
from .filters import Filters
from .indicators import (
    climate_radar,
    cpv_divisions,
    peer_position,
    pnad_gap,
    purchase_segments,
    spaser_estimate,
    territories,
)

DIMENSION_LABELS = {"social": "sociale", "environmental": "environnementale"}


def cached_page(function):
    """Cache a page's data per store version and arguments (the store changes only by swap)."""

    @lru_cache(maxsize=512)
    def cached(version, *args):
        return function(*args)

    @wraps(function)
    def wrapper(*args):
        return cached(store_query.store_version(), *args)

    wrapper.cache_clear = cached.cache_clear
    return wrapper


def trend(result):
    """Line chart of the two shares by year, and its table."""
    years = sorted(int(year) for year in result["by_year"])
    rows = [{"year": year, **result["by_year"][str(year)]} for year in years]
    chart = charts.lines(
        "Évolution des parts de contrats avec considération, par année de notification",
        years,
        [
            ("Considération sociale", [row["social"]["share_yes"] for row in rows]),
            ("Considération environnementale", [row["environmental"]["share_yes"] for row in rows]),
        ],
        desc="Parts calculées sur les contrats dont l'information est connue ; "
        "voir le tableau pour les valeurs et la couverture.",
        empty="Aucune part calculable : les considérations de ces contrats sont inconnues.",
    )
    return {"chart": chart, "rows": rows, "year_unknown": result.get("year_unknown", 0)}


def gauges(filters):
    result = pnad_gap.compute(filters)
    items = []
    for gauge in result.data["gauges"]:
        gauge["chart"] = charts.gauge(
            f"Part des contrats avec considération {gauge['label']}",
            gauge["share"],
            gauge["target"],
            desc=f"{charts.pct(gauge['share'], 1)} pour un objectif PNAD "
            f"{gauge['target_period']} de {charts.pct(gauge['target'])}",
        )
        items.append(gauge)
    return {"items": items, "result": result, "min_known": aggregates.MIN_KNOWN}


@cached_page
def departement_map(filters, dimension="environmental"):
    """Map of France by département (the selected région outlined) and the table beside it."""
    national = territories.compute(filters.without("region", "departement"))
    values = {row["key"]: row[f"{dimension}_share"] for row in national.rows}
    highlight = (
        geography.departements_of(filters.region)
        if filters.region and not filters.departement
        else [filters.departement]
        if filters.departement
        else []
    )
    shown = [row for row in national.rows if not highlight or row["key"] in highlight]
    chart = charts.departements_map(
        f"Part des contrats avec considération {DIMENSION_LABELS[dimension]} par département",
        values,
        highlight=highlight,
        desc="Carte de la France métropolitaine ; les valeurs sont dans le tableau à côté.",
    )
    return {
        "chart": chart,
        "rows": shown,
        "dimension": dimension,
        "dimension_label": DIMENSION_LABELS[dimension],
        "legend": charts.legend_bins(),
        "no_data_colour": charts.NO_DATA,
    }


def segment_bars(result, dimension="environmental"):
    items = [(row["label"], row[f"{dimension}_share"]) for row in result.rows if row["contracts"]]
    return charts.bars(
        f"Part des contrats avec considération {DIMENSION_LABELS[dimension]} par segment",
        items,
        desc="Barres horizontales ; valeurs et couverture dans le tableau des segments.",
    )


@cached_page
def dashboard(filters: Filters, map_dimension="environmental"):
    headline = summary.compute(filters)
    if headline is None:
        return None
    segments_result = purchase_segments.compute(filters)
    return {
        "headline": headline,
        "formats": contracts.coverage_by_format(filters),
        "trend": trend(headline),
        "gauges": gauges(filters),
        "map": departement_map(filters, map_dimension),
        "segments": segments_result,
        "segments_chart": segment_bars(segments_result),
        "divisions": cpv_divisions.compute(filters),
    }


@cached_page
def buyer_page(siret, filters: Filters):
    identity = contracts.buyer(siret)
    if identity is None:
        return None
    scoped = filters.with_(buyer=siret, region="", departement="", buyer_kind="")
    # Explicit empty région: the links of this page must not fall back to the default région.
    headline = summary.compute(scoped)
    segments_result = purchase_segments.compute(scoped)
    return {
        "identity": identity,
        "filters": scoped,
        "headline": headline,
        "formats": contracts.coverage_by_format(scoped),
        "trend": trend(headline),
        "gauges": gauges(scoped),
        "segments": segments_result,
        "peers": peer_position.compute(scoped),
        "radar": climate_radar.compute(scoped),
        "spaser": spaser_estimate.compute(scoped),
        "latest": contracts.page(scoped, size=10, count=False),
    }


@cached_page
def breakdown_page(filters: Filters):
    """Segment, CPV division and territory pages share this content."""
    headline = summary.compute(filters)
    if headline is None:
        return None
    return {
        "headline": headline,
        "formats": contracts.coverage_by_format(filters),
        "trend": trend(headline),
        "gauges": gauges(filters),
        "divisions": cpv_divisions.compute(filters),
        "segments": purchase_segments.compute(filters),
        "buyers": contracts.top_buyers(filters),
    }
