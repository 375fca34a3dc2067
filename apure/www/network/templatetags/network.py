from django import template

from apure.network import moderation
from apure.network.models import News, RegistrationStatus, Resource
from apure.organisations.permissions import is_member

register = template.Library()


@register.simple_tag
def network_space(user):
    """What the member space shows about the network for this person."""
    proposals = sorted(
        [*News.objects.proposed_by(user), *Resource.objects.proposed_by(user)],
        key=lambda item: item.created_at,
        reverse=True,
    )
    return {
        "groups": user.working_groups.all(),
        "registrations": user.event_registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("-event__starts_at"),
        "proposals": proposals,
        "can_propose": is_member(user),
        "queue_count": len(moderation.queue()) if user.is_facilitator else 0,
    }
