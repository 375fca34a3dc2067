"""Diagnostic PEMD before demolition or significant renovation works (loi AGEC art. 51)."""

from apure.reference.legal import first, value

from ..draft import APPLICABLE, NOT_APPLICABLE, TO_CHECK, RuleResult
from ..thresholds import NATURE_UNKNOWN, french_date, number

CODE = "diagnostic-pemd"
TITLE = "Diagnostic produits, équipements, matériaux et déchets (PEMD)"


def evaluate(draft):
    start = first("pemd_in_force")
    reference = start.reference
    if draft.nature is None:
        return RuleResult(CODE, TITLE, TO_CHECK, reference, NATURE_UNKNOWN)
    if draft.nature != "travaux":
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, reference,
                          "Le diagnostic ne concerne que les travaux de démolition ou de "
                          "rénovation significative de bâtiments.")  # fmt: skip
    if draft.launch_date < start.as_date:
        return RuleResult(CODE, TITLE, TO_CHECK, reference,
                          f"Le diagnostic PEMD s'applique en pratique depuis le "
                          f"{french_date(start.as_date)}\u00a0; avant, c'était le diagnostic "
                          "déchets.", applies_from=start.as_date)  # fmt: skip
    area = value("pemd_floor_area_m2", draft.launch_date)
    elements = value("pemd_renovation_elements_min", draft.launch_date)
    details = {"floor_area_threshold_m2": area.value, "renovation_elements_min": elements.value}
    significant = draft.renovation_elements is not None and (
        draft.renovation_elements >= elements.value
    )
    if not draft.demolition and not significant:
        # Unknown demolition is not « no demolition »: a partial one over half the floor area
        # counts, so the buyer must say.
        if draft.demolition is None:
            return RuleResult(
                CODE, TITLE, TO_CHECK, reference,
                "À vérifier pour une démolition ou une rénovation significative (remplacement de "
                f"plus de la moitié d'au moins {elements.value} des 7 éléments de second œuvre) "
                f"d'un ou plusieurs bâtiments de plus de {number(area.value)}\u00a0m² de surface "
                "de plancher, ou ayant accueilli une activité utilisant des substances "
                "dangereuses.",
                applies_from=start.as_date, details=details,
            )  # fmt: skip
        return RuleResult(
            CODE, TITLE, NOT_APPLICABLE, reference,
            f"Ni démolition, ni rénovation significative (moins de {elements.value} éléments de "
            "second œuvre remplacés à plus de la moitié).",
            applies_from=start.as_date, details=details,
        )  # fmt: skip
    operation = "démolition" if draft.demolition else "rénovation significative"
    if draft.hazardous_history or (
        draft.floor_area_m2 is not None and draft.floor_area_m2 > area.value
    ):
        reason = (
            f"surface de plancher de plus de {number(area.value)}\u00a0m²"
            if draft.floor_area_m2 is not None and draft.floor_area_m2 > area.value
            else "activité passée utilisant des substances dangereuses"
        )
        return RuleResult(
            CODE, TITLE, APPLICABLE, reference,
            f"Opération de {operation} avec {reason}\u00a0: le maître d'ouvrage fait réaliser un "
            "diagnostic PEMD avant le dépôt de la demande d'autorisation ou, à défaut, avant "
            "l'acceptation des devis ou la passation des marchés de travaux. Il oriente les "
            "matériaux d'abord vers le réemploi\u00a0; formulaires Cerfa 16287 (diagnostic) et "
            "16288 (récolement), transmis au CSTB.",
            applies_from=start.as_date, details=details,
        )  # fmt: skip
    if draft.floor_area_m2 is None or draft.hazardous_history is None:
        return RuleResult(
            CODE, TITLE, TO_CHECK, reference,
            f"Opération de {operation}\u00a0: le diagnostic est obligatoire si la surface de "
            f"plancher dépasse {number(area.value)}\u00a0m² ou si un bâtiment a accueilli une "
            "activité utilisant des substances dangereuses. Précisez ces deux points.",
            applies_from=start.as_date, details=details,
        )  # fmt: skip
    return RuleResult(
        CODE, TITLE, NOT_APPLICABLE, reference,
        f"Opération de {operation} sur {number(area.value)}\u00a0m² de surface de plancher au "
        "plus, sans "
        "historique de substances dangereuses\u00a0: pas de diagnostic obligatoire (il reste utile "
        "pour préparer le réemploi).",
        applies_from=start.as_date, details=details,
    )  # fmt: skip
