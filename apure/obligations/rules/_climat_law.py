"""Shared dating of the legislative articles of loi Climat et résilience art. 35.

The decree's articles apply to procedures launched from 21 August 2026; the law's own articles
at the latest from 22 August 2026 (docs/SOURCES.md §2.3). A procedure launched on the 21st is
therefore "à vérifier" for a legislative rule.
"""

from apure.reference.legal import first

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import french_date


def law_status(draft):
    """(status, sentence, applies_from) of a legislative art. 35 rule on the draft's date."""
    decree_start = first("climat_resilience_decree_rules").as_date
    law_start = first("climat_resilience_law_rules").as_date
    if draft.launch_date < decree_start:
        return (
            NOT_APPLICABLE,
            f"La procédure est lancée avant le {french_date(decree_start)}\u00a0: l'obligation ne "
            f"s'applique pas encore (elle vaut pour les consultations lancées à partir du "
            f"{french_date(law_start)} au plus tard).",
            law_start,
        )
    if draft.launch_date < law_start:
        return (
            TO_CHECK,
            f"Les articles de la loi entrent en vigueur à une date fixée par décret et au plus "
            f"tard le {french_date(law_start)}\u00a0; le décret n° 2022-767 fixe le "
            f"{french_date(decree_start)} pour ses propres articles seulement. Pour une "
            f"procédure lancée ce jour-là, appliquez la règle par prudence.",
            law_start,
        )
    return APPLICABLE, "", law_start


def law_result(draft, code, title, reference, explanation, details):
    """The result of a legislative rule whose other conditions hold: dated by `law_status`."""
    status, sentence, start = law_status(draft)
    return RuleResult(code, title, status, reference,
                      explanation if status == APPLICABLE else sentence,
                      applies_from=start, details=details)  # fmt: skip
