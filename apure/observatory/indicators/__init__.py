"""The indicator registry: one module per indicator, in the order pages and docs show them."""

from . import (
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

REGISTRY = [
    module.INDICATOR
    for module in (
        social_share,
        environmental_share,
        pnad_gap,
        climate_radar,
        spaser_estimate,
        cpv_divisions,
        purchase_segments,
        territories,
        peer_position,
    )
]


def all_indicators():
    return list(REGISTRY)


def get(code):
    return next((indicator for indicator in REGISTRY if indicator.code == code), None)
