"""The registry of obligation rules, in the order they are shown."""

from . import (
    advertising,
    agec_reuse,
    award_criterion,
    environmental_condition,
    essential_data,
    pemd_diagnostic,
    reserved_disability_insertion,
    reserved_ess,
    social_condition,
    spaser,
    sustainable_specifications,
)

RULES = [
    award_criterion,
    environmental_condition,
    sustainable_specifications,
    social_condition,
    agec_reuse,
    pemd_diagnostic,
    reserved_disability_insertion,
    reserved_ess,
    advertising,
    essential_data,
    spaser,
]
