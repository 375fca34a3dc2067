"""« Suivre » on the buyer, segment and territory pages, read from the URL the page answers,
so that the views stay as they are."""

from django import template

from apure.follow import follow as follows
from apure.follow.models import FollowKind
from apure.observatory.filters import Filters
from apure.organisations.permissions import can_follow_observatory, is_facilitator

register = template.Library()

KIND_OF_URL = {
    "buyer": (FollowKind.BUYER, "siret"),
    "segment": (FollowKind.SEGMENT, "code"),
    "region": (FollowKind.REGION, "code"),
    "departement": (FollowKind.DEPARTEMENT, "code"),
}


@register.inclusion_tag("observatory/_follow_button.html", takes_context=True)
def follow_button(context):
    request = context["request"]
    match = request.resolver_match
    shown = {"shown": False, "signed_in": request.user.is_authenticated}
    if match is None or match.url_name not in KIND_OF_URL:
        return shown
    kind, argument = KIND_OF_URL[match.url_name]
    code = match.kwargs.get(argument, "")
    # A segment is followed in the région of the page (all France when none is chosen).
    region = Filters.from_query(request.GET).region if kind == FollowKind.SEGMENT else ""
    try:
        kind, code, region = follows.clean_target(kind, code, region)
    except follows.FollowError:
        return shown
    return {
        "shown": request.user.is_anonymous or can_follow_observatory(request.user),
        "signed_in": request.user.is_authenticated,
        "following": follows.find(request.user, kind, code, region) is not None,
        "kind": kind.value,
        "code": code,
        "region": region,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token", ""),
    }


@register.simple_tag
def observatory_space(user):
    """What the observatory's card of « Mon espace » offers this person: « Mes suivis » only
    to those who may follow (others would meet a refusal), the reports to facilitators."""
    return {"can_follow": can_follow_observatory(user), "can_triage": is_facilitator(user)}
