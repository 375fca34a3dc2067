"""« Suivre » on the buyer, segment and territory pages, read from the URL the page answers,
so that the views stay as they are."""

from django import template

from apure.follow import follow as follows
from apure.follow.models import FollowKind
from apure.observatory.filters import Filters
from apure.organisations.permissions import is_member

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
        "shown": request.user.is_anonymous or is_member(request.user),
        "signed_in": request.user.is_authenticated,
        "following": follows.find(request.user, kind, code, region) is not None,
        "kind": kind.value,
        "code": code,
        "region": region,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token", ""),
    }
