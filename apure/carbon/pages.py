"""What the carbon block of the observatory's views and the method page show."""

from functools import partial

from apure.observatory.indicators import carbon_footprint
from apure.reference import legal

from . import estimate, formatting, reference


def block(filters) -> dict | None:
    """The carbon part of a view: the estimate with its bounds, coverage, euro years,
    framework agreements, and the table by sector (None when nothing was imported)."""
    result = carbon_footprint.compute(filters)
    if result is None:
        return None
    figures = estimate.compute(filters)  # the same cached query: no second scan
    return {**summary(figures), "table": result}


def summary(figures) -> dict | None:
    """The figures of an estimate in French, for pages and reports (None: nothing imported)."""
    if figures is None:
        return None
    return {
        "phrase": formatting.bounds_phrase(figures),
        "has_value": figures.has_central,
        "central": formatting.tonnes(figures.tco2e),
        "low": formatting.number(figures.low, 2) if figures.has_central else "",
        "high": formatting.number(figures.high, 2) if figures.has_central else "",
        "reason": figures.reason or "",
        "coverage": formatting.percent(figures.coverage),
        "coverage_sentence": formatting.coverage_sentence(figures),
        "amount_eur": figures.amount_eur,
        "euro_years": formatting.euro_years(figures),
        "framework_eur": figures.framework_amount_eur,
        "framework_note": formatting.framework_sentence(figures),
        "framework_in_high": bool(figures.framework_kg),
        "without_amount": figures.marches_without_amount,
        "method_url": estimate.METHOD_PATH,
        "method_note": METHOD_NOTE,
    }


METHOD_NOTE = (
    "Estimation\u00a0: montant HT de chaque marché × ratio monétaire de l'ADEME (kgCO2e par "
    "k€ HT) du secteur de son code CPV, avec une incertitude d'environ ±80\u00a0% (bornes basse "
    "et haute). Un ordre de grandeur, pas une empreinte mesurée\u00a0: les secteurs sans ratio "
    "public (« facteur inconnu ») ne sont pas comptés, d'où la couverture\u00a0; le montant "
    "maximum d'un accord-cadre n'est pas une dépense\u00a0: il ne compte que dans la borne "
    "haute\u00a0; concessions et montants invraisemblables exclus."
)


def lazy_block(filters):
    """A block computed when the template reads it, not when the page's data is cached: the
    pages' cache follows the store's version, and the ratios can change without it
    (`apure carbon_import`); the SQL result itself stays cached per ratios (store_query)."""
    return partial(block, filters)


def method_page() -> dict:
    in_force = reference.ratios()
    known = [ratio for ratio in in_force if ratio.known]
    return {
        "ratios": [
            {
                "ratio": ratio,
                "phrase": formatting.ratio_phrase(ratio),
                "status_label": reference.STATUS_LABELS.get(ratio.status, ratio.status),
            }
            for ratio in sorted(in_force, key=lambda r: (r.sector, r.euro_year or 0))
        ],  # fmt: skip
        "known_count": len({ratio.sector for ratio in known}),
        "sector_count": len(reference.shipped_ratios()),
        "unknown_sectors": [
            r for r in reference.shipped_ratios() if r.sector not in {k.sector for k in known}
        ],  # fmt: skip
        "mapping_count": len(reference.mapping()),
        "imported": reference.imported_source(),
        "uncertainty": reference.DEFAULT_UNCERTAINTY_PCT,
        "status_labels": reference.STATUS_LABELS,
        # The amount under which the DECP omit contracts (dated legal reference data).
        "decp_floor": formatting.euros(legal.latest("decp_threshold").value),
    }
