"""The life of a lot and of a reservation: publish, request, accept or decline, agree a removal
date, hand over, cancel, expire. Each step is checked here, kept in the history and e-mailed.

A partial acceptance splits the lot: the accepted quantity becomes a lot of its own (reserved,
linked to its origin), the rest stays on offer. What is not taken goes back on offer."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import impact, mail
from .models import Lot, LotStatus, Reservation, ReservationEvent, ReservationStatus

# An owner who does not answer a request within this many days lets it expire
# (`apure reuse_daily`), so that the requester can look elsewhere.
REQUEST_EXPIRY_DAYS = 14

S = ReservationStatus


class WorkflowError(Exception):
    """A step that cannot be taken now; the message is for the user, in French."""


def _record(reservation, status, actor, note=""):
    reservation.status = status
    reservation.save()
    ReservationEvent.objects.create(reservation=reservation, status=status, actor=actor, note=note)


def _context(reservation, **extra):
    return {
        "reservation": reservation,
        "lot": reservation.lot,
        "link": mail.link(reservation),
        **extra,
    }


def _owner_addresses(reservation):
    return [reservation.lot.contact_email]


def _requester_addresses(reservation):
    return [reservation.requested_by.email] if reservation.requested_by else []


def _locked(lot):
    return Lot.objects.select_for_update().get(pk=lot.pk)


def _split(lot, quantity, status):
    """A new lot for `quantity` of `lot`, with its photos; `lot` keeps the rest."""
    photos = list(lot.photos.all())
    part = Lot.objects.get(pk=lot.pk)
    part.pk = None
    part.parent = lot
    part.quantity = quantity
    part.status = status
    part.save()
    for photo in photos:
        photo.pk = None
        photo.lot = part
        photo.save()
    lot.quantity -= quantity
    lot.save(update_fields=["quantity", "updated_at"])
    return part


def _give_back(lot, quantity):
    """Put `quantity` of a reserved lot back on offer: into the lot it was split from when that
    one is still on offer, else as a lot of its own."""
    if quantity <= 0:
        return
    parent = lot.parent
    if parent is not None and parent.status == LotStatus.PUBLISHED:
        parent = _locked(parent)
        parent.quantity += quantity
        parent.save(update_fields=["quantity", "updated_at"])
        lot.quantity -= quantity
        if lot.quantity == 0:  # all of it went back: this part no longer exists on its own
            lot.status = LotStatus.WITHDRAWN
        lot.save(update_fields=["quantity", "status", "updated_at"])
    elif quantity == lot.quantity:
        lot.status = LotStatus.PUBLISHED
        lot.save(update_fields=["status", "updated_at"])
    else:
        _split(lot, quantity, LotStatus.PUBLISHED)


@transaction.atomic
def publish(lot):
    if lot.status not in (LotStatus.DRAFT, LotStatus.WITHDRAWN):
        raise WorkflowError("Seul un brouillon ou un lot retiré peut être publié.")
    lot.status = LotStatus.PUBLISHED
    lot.published_at = timezone.now()
    lot.save(update_fields=["status", "published_at", "updated_at"])


@transaction.atomic
def withdraw(lot):
    if lot.status != LotStatus.PUBLISHED:
        raise WorkflowError("Seul un lot disponible peut être retiré.")
    if lot.reservations.filter(status=S.REQUESTED).exists():
        raise WorkflowError("Répondez d'abord aux demandes en attente sur ce lot.")
    lot.status = LotStatus.WITHDRAWN
    lot.save(update_fields=["status", "updated_at"])


@transaction.atomic
def request(lot, user, quantity: Decimal, message=""):
    lot = _locked(lot)
    if lot.status != LotStatus.PUBLISHED:
        raise WorkflowError("Ce lot n'est plus disponible.")
    if user.organisation_id == lot.organisation_id:
        raise WorkflowError("Vous ne pouvez pas réserver un lot de votre propre structure.")
    if quantity <= 0 or quantity > lot.quantity:
        raise WorkflowError(
            f"Demandez une quantité entre 0 et {lot.quantity.normalize():f} {lot.unit_symbol}."
        )
    reservation = Reservation.objects.create(
        lot=lot,
        requester=user.organisation,
        requested_by=user,
        quantity=quantity,
        message=message,
        is_example=lot.is_example,
    )
    ReservationEvent.objects.create(reservation=reservation, status=S.REQUESTED, actor=user)
    mail.send_after_commit(
        "request", _context(reservation, days=REQUEST_EXPIRY_DAYS), _owner_addresses(reservation)
    )
    return reservation


@transaction.atomic
def accept(reservation, user):
    if reservation.status != S.REQUESTED:
        raise WorkflowError("Cette demande n'attend plus de réponse.")
    lot = _locked(reservation.lot)
    if lot.status != LotStatus.PUBLISHED or reservation.quantity > lot.quantity:
        raise WorkflowError(
            "Le lot n'a plus la quantité demandée\u00a0: refusez la demande ou proposez un autre "
            "lot."
        )
    if reservation.quantity < lot.quantity:
        reservation.lot = _split(lot, reservation.quantity, LotStatus.RESERVED)
    else:
        lot.status = LotStatus.RESERVED
        lot.save(update_fields=["status", "updated_at"])
        reservation.lot = lot
    _record(reservation, S.ACCEPTED, user)
    mail.send_after_commit("accepted", _context(reservation), _requester_addresses(reservation))


@transaction.atomic
def decline(reservation, user, note=""):
    if reservation.status != S.REQUESTED:
        raise WorkflowError("Cette demande n'attend plus de réponse.")
    _record(reservation, S.DECLINED, user, note[:300])
    mail.send_after_commit(
        "declined", _context(reservation, note=note), _requester_addresses(reservation)
    )


@transaction.atomic
def schedule(reservation, user, removal_date):
    if reservation.status not in (S.ACCEPTED, S.SCHEDULED):
        raise WorkflowError("Une date d'enlèvement se convient après l'acceptation.")
    reservation.removal_date = removal_date
    _record(reservation, S.SCHEDULED, user, f"Enlèvement le {removal_date:%d/%m/%Y}")
    mail.send_after_commit(
        "scheduled",
        _context(reservation),
        _owner_addresses(reservation) + _requester_addresses(reservation),
    )


@transaction.atomic
def hand_over(reservation, user, quantity: Decimal, on, weighed_mass_kg=None):
    """Record what was actually taken, and its impact as counted today."""
    if reservation.status not in (S.ACCEPTED, S.SCHEDULED):
        raise WorkflowError("Seule une réservation acceptée peut être remise.")
    if quantity <= 0 or quantity > reservation.quantity:
        raise WorkflowError(
            f"Indiquez la quantité enlevée, entre 0 et {reservation.quantity.normalize():f}."
        )
    if on < timezone.localdate(reservation.created_at) or on > timezone.localdate():
        raise WorkflowError("La date de remise doit se situer entre la demande et aujourd'hui.")
    lot = _locked(reservation.lot)
    _give_back(lot, reservation.quantity - quantity)
    lot.refresh_from_db()
    lot.status = LotStatus.HANDED_OVER
    lot.save(update_fields=["status", "updated_at"])
    counted = impact.of_hand_over(lot, quantity, weighed_mass_kg)
    reservation.handed_over_on = on
    reservation.handed_quantity = quantity
    reservation.mass_kg = counted.mass_kg
    reservation.value_eur = counted.value_eur
    reservation.co2e_kg = counted.co2e_kg
    reservation.co2e_uncertainty_pct = counted.uncertainty_pct
    reservation.co2e_source = counted.source
    reservation.co2e_note = counted.note
    _record(reservation, S.HANDED_OVER, user, f"{quantity.normalize():f} {lot.unit_symbol} remis")
    mail.send_after_commit(
        "handed_over",
        _context(reservation),
        _owner_addresses(reservation) + _requester_addresses(reservation),
    )


@transaction.atomic
def cancel(reservation, user):
    if not reservation.is_open:
        raise WorkflowError("Cette réservation est close.")
    if reservation.status != S.REQUESTED:
        _give_back(_locked(reservation.lot), reservation.quantity)
    _record(reservation, S.CANCELLED, user)
    mail.send_after_commit(
        "cancelled",
        _context(reservation),
        _owner_addresses(reservation) + _requester_addresses(reservation),
    )


def expire_unanswered(now=None) -> int:
    """Close the requests left unanswered for REQUEST_EXPIRY_DAYS; tell the requesters."""
    limit = (now or timezone.now()) - timedelta(days=REQUEST_EXPIRY_DAYS)
    expired = 0
    for reservation in Reservation.objects.filter(status=S.REQUESTED, created_at__lt=limit):
        with transaction.atomic():
            _record(reservation, S.EXPIRED, None, f"Sans réponse après {REQUEST_EXPIRY_DAYS} jours")
            mail.send_after_commit(
                "expired",
                _context(reservation, days=REQUEST_EXPIRY_DAYS),
                _requester_addresses(reservation),
            )
        expired += 1
    return expired
