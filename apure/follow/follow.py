"""Following a buyer, a purchase segment or a territory, and the digest after each import.

A member follows a view of the observatory; after an import brings new contracts for it (new
= first seen in that import, see ledger.py), the member gets one e-mail for all their follows,
with counts and links to the filtered contract lists. Digests are queued under a key per import
and person (queuing twice adds nothing) and sent by the outbox (outbox.py)."""

import re

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apure.network.mail import absolute_url
from apure.observatory import contracts, geography, pages, segments
from apure.observatory.filters import Filters

from . import ledger, outbox
from .models import DigestRun, Follow, FollowKind, FollowPreference, MailKind

UNSUBSCRIBE_SALT = "apure.follow.unsubscribe"
# The page where each kind of follow is shown, and its URL argument.
PAGE_OF_KIND = {
    FollowKind.BUYER: "observatory:buyer",
    FollowKind.SEGMENT: "observatory:segment",
    FollowKind.REGION: "observatory:region",
    FollowKind.DEPARTEMENT: "observatory:departement",
}


class FollowError(Exception):
    """A French reason shown to the person."""


# What a follow stands for ---------------------------------------------------------------------


def clean_target(kind, code, region=""):
    """(kind, code, region) checked; a FollowError in French when it names nothing."""
    code, region = (code or "").strip(), (region or "").strip()
    valid = {
        FollowKind.BUYER: lambda: re.fullmatch(r"\d{14}", code),
        FollowKind.SEGMENT: lambda: segments.get(code) is not None,
        FollowKind.REGION: lambda: code in geography.regions(),
        FollowKind.DEPARTEMENT: lambda: code in geography.departements(),
    }
    if kind not in FollowKind.values or not valid[FollowKind(kind)]():
        raise FollowError("Ce que vous voulez suivre n'existe pas dans l'observatoire.")
    if kind != FollowKind.SEGMENT:
        region = ""  # a buyer or a territory carries its own territory
    elif region and region not in geography.regions():
        raise FollowError("Région inconnue.")
    return FollowKind(kind), code, region


def target_filters(kind, code, region="") -> Filters:
    if kind == FollowKind.BUYER:
        return Filters.build(buyer=code)
    if kind == FollowKind.SEGMENT:
        return Filters.build(segment=code, region=region)
    if kind == FollowKind.REGION:
        return Filters.build(region=code)
    return Filters.build(departement=code)


def describe(kind, code, region="") -> str:
    """The French label of a follow, as the lists and e-mails show it."""
    if kind == FollowKind.BUYER:
        name = (contracts.buyer(code) or {}).get("buyer_name")
        # Buyer names often end with their département in brackets: « Ville de Croix (59) ».
        return f"{name}, SIRET {code}" if name else f"SIRET {code}"
    if kind == FollowKind.SEGMENT:
        where = f"en {geography.region_name(region)}" if region else "dans toute la France"
        return f"{segments.get(code).label} {where}"
    if kind == FollowKind.REGION:
        return geography.region_name(code)
    return f"{geography.departement_name(code)} ({code})"


def links(item) -> dict:
    """Relative links of a follow: its page, its filtered contract list and the list's feed."""
    filters = target_filters(item.kind, item.code, item.region)
    page = reverse(PAGE_OF_KIND[item.kind], args=[item.code])
    if item.kind == FollowKind.SEGMENT:
        page += "?" + filters.querystring(segment="")
    return {
        "page": page,
        "contracts": f"{reverse('observatory:contracts')}?{pages.list_query(filters)}",
        "feed": f"{reverse('observatory:contract_feed')}?{filters.querystring()}",
    }


# A member's follows ---------------------------------------------------------------------------


def find(user, kind, code, region=""):
    if not user.is_authenticated:
        return None
    return Follow.objects.filter(user=user, kind=kind, code=code, region=region).first()


def follow(user, kind, code, region=""):
    kind, code, region = clean_target(kind, code, region)
    item, _ = Follow.objects.get_or_create(
        user=user,
        kind=kind,
        code=code,
        region=region,
        defaults={"label": describe(kind, code, region)[:250]},
    )
    return item


def unfollow(user, pk):
    """Remove one of the member's own follows; another person's follow is left alone."""
    deleted, _ = Follow.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise FollowError("Ce suivi n'existe plus.")


def wants_digest(user) -> bool:
    preference = FollowPreference.objects.filter(user=user).first()
    return preference is None or preference.digest


def set_digest(user, wanted: bool):
    FollowPreference.objects.update_or_create(user=user, defaults={"digest": wanted})


def unsubscribe_url(user) -> str:
    # The token names the account, never the address (URLs reach logs).
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))
    return absolute_url(reverse("observatory:follow_unsubscribe", args=[token]))


def read_unsubscribe_token(token):
    try:
        user_pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature as error:
        raise FollowError("Ce lien de désinscription n'est pas valide.") from error
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise FollowError("Ce lien de désinscription n'est plus valable.")
    return user


def unsubscribe(token):
    set_digest(read_unsubscribe_token(token), False)


# Digests after an import ----------------------------------------------------------------------


def _followers():
    """Active people who follow something and did not stop the digest."""
    return (
        Follow.objects.filter(user__is_active=True)
        .exclude(user__follow_preference__digest=False)
        .select_related("user")
        .order_by("user_id", "kind", "label", "pk")
    )


def queue_digests(now=None) -> dict:
    """Turn every import not yet handled into digests. Idempotent: an import is handled once
    (DigestRun), and each digest has a key per import and person."""
    now = now or timezone.now()
    follows = list(_followers())
    targets = {
        (item.kind, item.code, item.region): target_filters(item.kind, item.code, item.region)
        for item in follows
    }
    done = set(DigestRun.objects.values_list("run_id", flat=True))
    queued, runs = 0, []
    for batch in ledger.collect(targets, done):
        with transaction.atomic():
            added = 0 if batch.baseline else _queue_batch(batch, follows)
            DigestRun.objects.get_or_create(
                run_id=batch.run_id,
                defaults={
                    "baseline": batch.baseline,
                    "new_contracts": batch.fresh,
                    "digests": added,
                    "queued_at": now,
                },
            )
        queued += added
        runs.append(batch.run_id)
    return {"runs": runs, "queued": queued}


def _queue_batch(batch, follows) -> int:
    by_user = {}
    for item in follows:
        count = batch.counts.get((item.kind, item.code, item.region))
        if count:
            _refresh_label(item)
            by_user.setdefault(item.user, []).append((item, count, _absolute(links(item))))
    added = 0
    for user, lines in by_user.items():
        context = {
            "recipient": user,
            "lines": lines,
            "total": sum(count for _, count, _ in lines),
            "follows_url": absolute_url(reverse("observatory:follows")),
            "unsubscribe_url": unsubscribe_url(user),
        }
        key = f"digest:{batch.run_id}:{user.pk}"
        added += outbox.queue(key, MailKind.DIGEST, "digest", context, email=user.email, user=user)
    return added


def _refresh_label(item):
    """A buyer followed before its name was known (or renamed since) is named as published."""
    label = describe(item.kind, item.code, item.region)[:250]
    if label != item.label:
        item.label = label
        item.save(update_fields=["label"])


def _absolute(relative: dict) -> dict:
    return {name: absolute_url(url) for name, url in relative.items()}


def notify(send=True) -> dict:
    """What `apure follow_notify` does: queue the digests of new imports, then send the
    outbox (digests and reports' e-mails)."""
    result = queue_digests()
    if send:
        result.update(outbox.send_pending())
    return result
