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


# The materials exchange (apure.reuse): a lot belongs to its member body; only that body's
# people manage it, and only signed-in members see contacts or ask for a lot.
def _own_body(user, organisation_id) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
    )


def can_manage_lot(user, lot) -> bool:
    return _own_body(user, lot.organisation_id)


def can_see_lot_contacts(user) -> bool:
    return is_member(user)


def can_request_lot(user, lot) -> bool:
    """A member body asks for another body's lot, never its own."""
    return (
        is_member(user)
        and user.organisation_id is not None
        and user.organisation_id != lot.organisation_id
    )


def can_decide_reservation(user, reservation) -> bool:
    return can_manage_lot(user, reservation.lot)


def can_follow_reservation(user, reservation) -> bool:
    """The two bodies of an exchange see it; nobody else."""
    return can_decide_reservation(user, reservation) or _own_body(user, reservation.requester_id)


def can_act_as_requester(user, reservation) -> bool:
    return _own_body(user, reservation.requester_id)


def can_see_body_work(user, organisation_id) -> bool:
    """Work saved by a body (« Mes marchés »): its own people and the network's facilitators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_facilitator:
        return True
    return organisation_id is not None and user.organisation_id == organisation_id


# Working-group workspaces (apure.network): a group's threads and members-only documents are
# for the people who joined the group and for the network's facilitators.
def can_use_group_workspace(user, group) -> bool:
    if not is_member(user):
        return False
    return user.is_facilitator or group.members.filter(pk=user.pk).exists()


def can_mark_best_reply(user, thread) -> bool:
    """The person who asked, or a facilitator, says which answer settled the question."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_facilitator or (thread.author_id is not None and thread.author_id == user.pk)


def can_edit_post(user, post) -> bool:
    """A question or a reply is edited by its author, and moderated by a facilitator (the
    caller has already checked that the user may use the group's workspace)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_facilitator or (post.author_id is not None and post.author_id == user.pk)


def can_publish_thread(user, thread) -> bool:
    """Only facilitators make a resolved question public, without its authors' names."""
    return is_facilitator(user) and thread.is_resolved


def can_read_group_document(user, document) -> bool:
    return document.visibility == "public" or can_use_group_workspace(user, document.group)


# Follows of the observatory (apure.follow): « Suivre » and « Mes suivis » are for members;
# anyone, visitors included, may report an error on a contract.
def can_follow_observatory(user) -> bool:
    return is_member(user)


def can_see_directory(user) -> bool:
    """The members' directory is shared within the network, never published to the web."""
    return is_member(user)


# The directory of inclusive suppliers (apure.suppliers) is kept by the network's
# facilitators: members read it, and ask a facilitator to correct a record.
def can_edit_supplier(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_facilitator


# Yearly duties (apure.reporting: SPASER, AGEC declaration): a body's own people and the
# network's facilitators edit them; nobody edits another body's.
def can_edit_duties(user, organisation) -> bool:
    return can_see_body_work(user, organisation.pk)


# Support requests (apure.facilitation): a member asks; the facilitator the request was sent
# to (through the account linked to its record) and the network's facilitators answer; the
# requester and those who answer see it, nobody else.
def can_request_support(user) -> bool:
    return is_member(user)


def can_answer_support_request(user, support_request) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_facilitator or support_request.facilitator.user_id == user.pk


def can_see_support_request(user, support_request) -> bool:
    return can_answer_support_request(user, support_request) or (
        user.is_authenticated and user.is_active and support_request.requester_id == user.pk
    )


# The facilitators' directory is kept by the network's facilitators; a facilitator whose record
# is linked to their account corrects their own record.
def can_edit_facilitator(user, facilitator=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_facilitator or (facilitator is not None and facilitator.user_id == user.pk)


# Insertion follow-up (apure.facilitation): hours are entered by the network's facilitators and
# by the facilitator the contract is followed by; the buyer's own people read their body's.
def can_follow_insertion(user, follow_up=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_facilitator:
        return True
    if follow_up is None:
        return user.facilitator_profiles.exists()
    return follow_up.facilitator is not None and follow_up.facilitator.user_id == user.pk


def can_see_insertion(user, follow_up) -> bool:
    return can_follow_insertion(user, follow_up) or can_see_body_work(
        user, follow_up.organisation_id
    )


def can_resubmit(user, item) -> bool:
    """A member corrects their own refused proposal (or one still waiting) and sends it again,
    instead of typing it anew; facilitators edit everything anyway."""
    return (
        is_member(user)
        and item.proposed_by_id is not None
        and item.proposed_by_id == user.pk
        and item.status in ("proposed", "rejected")
    )
