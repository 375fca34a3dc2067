"""Publication of the essential data of the contract (DECP) on data.gouv.fr."""

from apure.reference.legal import first, value

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import euros, french_date

CODE = "donnees-essentielles"
TITLE = "Publication des données essentielles (DECP)"


def _concession(draft):
    """R3131-1: every concession, whatever its value, before performance starts."""
    rule = value("decp_concessions", draft.launch_date)
    if rule is None:
        start = first("decp_concessions")
        return RuleResult(
            CODE, TITLE, TO_CHECK, start.reference,
            f"Le régime des données essentielles des concessions a changé le "
            f"{french_date(start.valid_from)}\u00a0; celui qui précède n'est pas repris ici.",
            applies_from=start.valid_from, reference_url=start.url,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, APPLICABLE, rule.reference,
        "Les données essentielles d'un contrat de concession sont publiées sur data.gouv.fr "
        "avant le début de son exécution, quel que soit son montant, puis à chaque "
        "modification.",
        applies_from=rule.valid_from,
        details={"certainty": rule.certainty, "source": rule.source},
        reference_url=rule.url,
    )  # fmt: skip


def evaluate(draft):
    if draft.kind == "concession":
        return _concession(draft)
    threshold = value("decp_threshold", draft.launch_date)
    if threshold is None:
        start = first("decp_threshold").valid_from
        return RuleResult(
            CODE, TITLE, TO_CHECK, first("decp_threshold").reference,
            f"Le régime des données essentielles a changé le {french_date(start)}\u00a0; celui qui "
            "précède n'est pas repris ici.",
            applies_from=start,
        )  # fmt: skip
    reference = threshold.reference
    details = {"threshold": threshold.value, "certainty": threshold.certainty,
               "source": threshold.source}  # fmt: skip
    if draft.amount_ht is None:
        return RuleResult(CODE, TITLE, TO_CHECK, reference,
                          f"Indiquez le montant\u00a0: la publication est obligatoire à partir de "
                          f"{euros(threshold.value)} HT.", details=details,
                          reference_url=threshold.url)  # fmt: skip
    if draft.amount_ht >= threshold.value:
        return RuleResult(
            CODE, TITLE, APPLICABLE, reference,
            f"Le montant atteint {euros(threshold.value)} HT\u00a0: les données essentielles du "
            "contrat, dont ses considérations sociales et environnementales, sont publiées sur "
            "data.gouv.fr dans les deux mois suivant la notification, puis à chaque "
            "modification.",
            applies_from=threshold.valid_from, details=details, reference_url=threshold.url,
        )  # fmt: skip
    low = value("decp_list_threshold", draft.launch_date)
    if draft.amount_ht >= low.value:
        return RuleResult(
            CODE, TITLE, TO_CHECK, low.reference,
            f"Entre {euros(low.value)} et {euros(threshold.value)} HT, un marché conclu sans "
            "publicité figure soit dans la même publication, soit dans une liste publiée au "
            "premier trimestre de l'année suivante (objet, montant, date, titulaire). Que ce "
            "seuil de 25 000 € ait été revu en 2026 n'est pas établi.",
            details=details,
        )  # fmt: skip
    return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                      f"Le montant est inférieur à {euros(low.value)} HT\u00a0: pas de publication "
                      "obligatoire des données essentielles.", details=details,
                      reference_url=threshold.url)  # fmt: skip
