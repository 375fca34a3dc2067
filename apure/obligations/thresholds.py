"""Threshold look-ups shared by several rules, and the French formatting of amounts."""

from apure.reference import legal

from .draft import ContractDraft

# Without a CPV code or a stated nature, the threshold of works and of supplies differ 25-fold:
# a rule that depends on it must ask rather than assume supplies.
NATURE_UNKNOWN = (
    "Indiquez la nature du marché (travaux, fournitures ou services) ou son code CPV\u00a0: le "
    "seuil applicable en dépend."
)


def eu_threshold(draft: ContractDraft) -> legal.Dated | None:
    """The EU threshold of annex 2 of the CCP that applies to the draft on its launch date."""
    if draft.kind == "concession":
        key = "eu_threshold_concessions"
    elif draft.nature == "travaux":
        key = "eu_threshold_works"
    elif draft.defence_or_security:
        key = "eu_threshold_supplies_services_defence"
    elif draft.buyer_kind == "etat":
        key = "eu_threshold_supplies_services_central"
    elif draft.buyer_kind == "entite-adjudicatrice":
        key = "eu_threshold_supplies_services_utilities"
    else:
        key = "eu_threshold_supplies_services_other"
    return legal.value(key, draft.launch_date)


def social_specific_service(draft: ContractDraft) -> legal.Dated | None:
    """The SSOS CPV list entry when the draft is one of these services, else None.

    One list (annex 5 of the CCP) serves the procedure (R2123-1 3°) and the social condition.
    """
    entry = legal.value("social_specific_services_cpv_prefixes", draft.launch_date)
    if draft.nature != "services" or draft.kind == "concession" or entry is None:
        return None
    return entry if legal.cpv_in(entry.key, draft.cpv, draft.launch_date) else None


def social_services_threshold(draft: ContractDraft) -> legal.Dated | None:
    """The EU threshold of social and other specific services for the draft's buyer."""
    key = (
        "eu_threshold_social_services_utilities"
        if draft.buyer_kind == "entite-adjudicatrice"
        else "eu_threshold_social_services"
    )
    return legal.value(key, draft.launch_date)


def percent(share) -> str:
    return f"{share * 100:.0f}\u00a0%"


def number(amount) -> str:
    """French grouping; cents only when there are some (215 999,99 must not read 216 000)."""
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def euros(amount) -> str:
    return number(amount) + "\u00a0€"


def french_date(day) -> str:
    months = [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]  # fmt: skip
    return f"{day.day}{'er' if day.day == 1 else ''} {months[day.month - 1]} {day.year}"
