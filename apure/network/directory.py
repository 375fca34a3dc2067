"""The members' directory: people who agreed to appear, what they buy, where.

Consent is a row of `DirectoryListing` (with its date); withdrawing it deletes the row."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import DirectoryListing


def listing_of(user):
    return DirectoryListing.objects.filter(user=user).first()


def consent(user, segments):
    """Appear in the directory (or update what I buy); the consent date is the first one."""
    with transaction.atomic():
        listing, created = DirectoryListing.objects.get_or_create(
            user=user, defaults={"consented_at": timezone.now()}
        )
        listing.segments.set(segments)
    return listing


def withdraw(user):
    DirectoryListing.objects.filter(user=user).delete()


def find(segment=None, departement=None, q=""):
    """Listings of active people of member bodies, by purchase segment and territory.

    The territory is the body's département; a body of the whole region (the Région, a
    regional agency) buys for every département, so it is found in each of them."""
    listings = DirectoryListing.objects.filter(
        user__is_active=True, user__organisation__is_member=True
    ).for_list()
    if segment is not None:
        listings = listings.filter(segments=segment)
    if departement is not None:
        listings = listings.filter(
            Q(user__organisation__departement=departement)
            | Q(user__organisation__departement=None, user__organisation__region=departement.region)
        )
    for word in (q or "").split():
        listings = listings.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__job_title__icontains=word)
            | Q(user__organisation__name__icontains=word)
        )
    return listings.distinct()
