"""Publication of the place of manufacture of solar equipment (L228-4 C. env.)."""

from apure.reference.legal import cpv_in, first

from ..draft import NOT_APPLICABLE, TO_CHECK, RuleResult

CODE = "equipements-solaires-origine"
TITLE = "Lieu de fabrication des équipements solaires"


def evaluate(draft):
    rule = first("solar_equipment_origin")
    details = {"certainty": rule.certainty, "source": rule.source}
    if not cpv_in("solar_equipment_cpv_prefixes", draft.cpv, draft.launch_date):
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, rule.reference,
                          "Le code CPV ne relève pas des équipements solaires (panneaux, "
                          "modules photovoltaïques, capteurs).", details=details)  # fmt: skip
    # Our sources state the duty but not who publishes, where, nor from when.
    return RuleResult(
        CODE, TITLE, TO_CHECK, rule.reference,
        "L'article L228-4 du code de l'environnement impose la publication du lieu de "
        "fabrication des équipements de production d'énergie solaire achetés. À vérifier\u00a0: "
        "les modalités (qui publie, où, depuis quand) ne sont pas précisées dans nos "
        "sources\u00a0; demandez le lieu de fabrication dans les documents de la consultation.",
        details=details,
    )  # fmt: skip
