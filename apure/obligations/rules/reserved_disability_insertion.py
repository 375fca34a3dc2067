"""Reserving a contract to disability or insertion structures (L2113-12, L2113-13)."""

from apure.reference.legal import value

from ..draft import POSSIBLE, TO_CHECK, RuleResult
from ..thresholds import percent

CODE = "reservation-handicap-insertion"
TITLE = "Possibilité de réserver le marché (handicap, insertion)"
REFERENCE = "Art. L2113-12, L2113-13 et R2113-7 CCP"


def evaluate(draft):
    share = value("reserved_min_share", draft.launch_date)
    details = {"min_share": share.value, "certainty": share.certainty}
    if draft.kind == "concession":
        return RuleResult(
            CODE, TITLE, TO_CHECK, "Code de la commande publique (concessions réservées)",
            "Les concessions peuvent aussi être réservées (« concession réservée » dans les "
            "données essentielles)\u00a0: vérifiez l'article applicable à votre concession.",
            details=details,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, POSSIBLE, REFERENCE,
        "Vous pouvez réserver le marché, ou certains lots, à des entreprises adaptées et ESAT "
        "(L2113-12), à des structures d'insertion par l'activité économique (L2113-13), ou aux "
        f"deux à la fois, s'ils emploient au moins {percent(share.value)} de travailleurs "
        "handicapés ou défavorisés (R2113-7). L'avis de marché doit citer l'article retenu. "
        "La réservation à des entreprises employant des détenus est aussi possible "
        "(L2113-13-1). C'est une faculté, pas une obligation.",
        details=details,
    )  # fmt: skip
