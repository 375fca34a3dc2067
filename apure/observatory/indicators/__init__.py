"""The indicator registry: one module per indicator, in the order pages and docs show them."""

from apure.reference import legal

from . import (
    carbon_footprint,
    climate_radar,
    cpv_divisions,
    environmental_share,
    peer_position,
    pnad_gap,
    purchase_segments,
    social_share,
    spaser_estimate,
    territories,
)

MODULES = (
    social_share,
    environmental_share,
    pnad_gap,
    climate_radar,
    spaser_estimate,
    cpv_divisions,
    purchase_segments,
    territories,
    peer_position,
    carbon_footprint,
)
REGISTRY = [module.INDICATOR for module in MODULES]


def reference_values():
    """Every period of the legal values the indicators read (apure.reference.legal)."""
    keys = (key for module in MODULES for key in getattr(module, "REFERENCE_KEYS", ()))
    return [period for key in dict.fromkeys(keys) for period in legal.periods(key)]


def all_indicators():
    return list(REGISTRY)


def get(code):
    return next((indicator for indicator in REGISTRY if indicator.code == code), None)
