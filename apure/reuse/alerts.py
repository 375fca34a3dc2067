"""Telling members about lots: saved searches (new matching lots, in the daily run) and
requests (« recherché »: the owners of matching lots are told when the request is posted)."""

from django.utils import timezone

from . import mail, search
from .models import SavedSearch, Wanted


def new_lots_for(saved: SavedSearch, now):
    since = saved.last_sent_at or saved.created_at
    lots = search.apply(search.Criteria.of(saved)).filter(
        published_at__gt=since, published_at__lte=now
    )
    if saved.user.organisation_id:
        lots = lots.exclude(organisation_id=saved.user.organisation_id)
    return list(lots.select_related("organisation", "commune")[:50])


def send_saved_searches(now=None) -> int:
    """One e-mail per saved search with lots published since its last e-mail."""
    now = now or timezone.now()
    messages, sent_searches = [], []
    for saved in SavedSearch.objects.select_related("user", "commune").filter(user__is_active=True):
        lots = new_lots_for(saved, now)
        if lots:
            messages.append(
                mail.message(
                    "saved_search",
                    {"saved": saved, "lots": [(lot, mail.link(lot)) for lot in lots]},
                    [saved.user.email],
                )
            )
            sent_searches.append(saved.pk)
    sent = mail.send_many(messages)
    SavedSearch.objects.filter(pk__in=sent_searches).update(last_sent_at=now)
    return sent


def notify_owners_of(wanted: Wanted) -> int:
    """E-mail the contact of each lot matching a new request, once per address."""
    lots = search.apply(search.Criteria.of(wanted)).exclude(organisation=wanted.organisation)
    by_address = {}
    for lot in lots.select_related("organisation"):
        by_address.setdefault(lot.contact_email, []).append((lot, mail.link(lot)))
    for address, owned in by_address.items():
        mail.send_after_commit(
            "wanted", {"wanted": wanted, "lots": owned, "link": mail.link(wanted)}, [address]
        )
    return len(by_address)
