"""Reserving certain health, social and cultural services to ESS enterprises (L2113-15/16)."""

from apure.reference.legal import value

from ..draft import NOT_APPLICABLE, POSSIBLE, RuleResult

CODE = "reservation-ess"
TITLE = "Possibilité de réserver le marché à l'économie sociale et solidaire"
REFERENCE = "Art. L2113-15 et L2113-16 CCP"


def evaluate(draft):
    prefixes = value("reserved_ess_cpv_prefixes", draft.launch_date)
    years = value("reserved_ess_max_years", draft.launch_date)
    if draft.kind == "concession" or draft.nature != "services":
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, REFERENCE,
                          "Cette réservation ne vise que certains marchés de services de santé, "
                          "sociaux et culturels.")  # fmt: skip
    if not draft.cpv or not draft.cpv.startswith(tuple(prefixes.value)):
        return RuleResult(CODE, TITLE, NOT_APPLICABLE, REFERENCE,
                          "Le code CPV ne fait pas partie des services de santé, sociaux et "
                          "culturels que l'on peut réserver aux entreprises de l'ESS.")  # fmt: skip
    # A faculty, not a duty; the uncertain CPV list is said in the text, not hidden.
    return RuleResult(
        CODE, TITLE, POSSIBLE, REFERENCE,
        "Ce service paraît faire partie des services de santé, sociaux et culturels qui peuvent "
        "être réservés aux entreprises de l'économie sociale et solidaire (ou équivalentes) "
        f"poursuivant une mission de service public, pour {years.value} ans au plus. La liste "
        "exacte des codes CPV concernés est à vérifier avant de réserver. C'est une faculté, "
        "pas une obligation.",
        details={"max_years": years.value, "certainty": prefixes.certainty,
                 "source": prefixes.source},
    )  # fmt: skip
