"""SPASER: the buyer's duty to adopt a responsible-purchasing scheme (L2111-3, D2111-3)."""

from apure.reference.legal import first, value

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import euros, french_date

CODE = "spaser"
TITLE = "Schéma de promotion des achats socialement et écologiquement responsables (SPASER)"


def evaluate(draft):
    threshold = value("spaser_threshold", draft.launch_date)
    all_buyers = first("spaser_all_buyers")
    reference = threshold.reference
    details = {"threshold": threshold.value, "certainty": threshold.certainty}
    if draft.buyer_yearly_spend is None:
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            f"Le SPASER est obligatoire pour l'acheteur dont les dépenses de l'année civile au "
            f"titre de ses marchés dépassent {euros(threshold.value)} HT (hors marchés du "
            "livre V de la deuxième partie du code\u00a0; les marchés de défense ou de sécurité "
            "comptent, les concessions non). Indiquez ce montant pour le savoir.",
            details=details,
        )  # fmt: skip
    if draft.buyer_yearly_spend <= threshold.value:
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            f"Vos dépenses annuelles ({euros(draft.buyer_yearly_spend)} HT) ne dépassent pas "
            f"{euros(threshold.value)} HT\u00a0: pas d'obligation, mais un schéma, éventuellement "
            "commun à plusieurs acheteurs, reste possible.",
            details=details,
        )  # fmt: skip
    # Before the Industrie verte law, the State and hospitals were outside the scheme
    # (docs/SOURCES.md §1.2); other buyers were in only if their status is set by law.
    if draft.launch_date < all_buyers.as_date and draft.buyer_kind in ("etat", "hopital"):
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            f"Avant le {french_date(all_buyers.as_date)}, l'État et les établissements de santé "
            "n'étaient pas tenus d'adopter un SPASER.",
            details=details,
        )  # fmt: skip
    if draft.launch_date < all_buyers.as_date and not draft.is_local_authority:
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            f"Avant le {french_date(all_buyers.as_date)}, seuls les collectivités territoriales "
            "et les acheteurs dont le statut est fixé par la loi y étaient tenus.",
            details=details,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, APPLICABLE, reference,
        f"Vos dépenses annuelles ({euros(draft.buyer_yearly_spend)} HT) dépassent "
        f"{euros(threshold.value)} HT\u00a0: vous devez adopter un SPASER, le publier en ligne, "
        "avec des indicateurs précis publiés chaque année et des objectifs cibles par catégorie "
        "d'achats.",
        applies_from=threshold.valid_from, details=details,
    )  # fmt: skip
