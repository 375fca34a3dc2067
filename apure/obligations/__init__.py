"""Legal obligations of a public contract: pure, dated and sourced rules (see rules/)."""

from .draft import (
    APPLICABLE,
    BUYER_KINDS,
    NOT_APPLICABLE,
    POSSIBLE,
    TO_CHECK,
    ContractDraft,
    RuleResult,
)


def evaluate(draft: ContractDraft) -> list[RuleResult]:
    """Every registered rule applied to the draft, in registry order."""
    from .rules import RULES

    return [rule.evaluate(draft) for rule in RULES]


__all__ = [
    "APPLICABLE",
    "BUYER_KINDS",
    "NOT_APPLICABLE",
    "POSSIBLE",
    "TO_CHECK",
    "ContractDraft",
    "RuleResult",
    "evaluate",
]
