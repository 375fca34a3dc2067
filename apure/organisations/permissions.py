"""Who may change what. Every view that writes asks one of these functions."""


def can_edit_organisation(user, organisation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_facilitator:
        return True
    return user.organisation_id is not None and user.organisation_id == organisation.pk


def is_facilitator(user) -> bool:
    return user.is_authenticated and user.is_facilitator


def is_member(user) -> bool:
    """A logged-in person attached to a member body of the network, or a facilitator."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_facilitator:
        return True
    return user.organisation is not None and user.organisation.is_member
