"""Registering to an event: places, waiting list, cancellation and the e-mails they send.

Members register with their account and get their place (or rank) at once. A visitor's
registration is pending until they follow the signed link e-mailed to them: anyone can type
anyone's address, so until then it holds no place and is on no list; unconfirmed ones are
deleted by `apure network_purge` (retention.py)."""

import csv
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apure.spreadsheets import inert_text

from . import ical
from .mail import absolute_url, one_line, templated_message
from .models import Event, Registration, RegistrationStatus, Status

# A registration's e-mail is sent again at most once in this period (see `register_visitor`).
REMINDER_EVERY_SECONDS = 15 * 60
# Confirmation links are signed like the newsletter's (newsletter.py), with their own salt.
CONFIRM_SALT = "apure.network.registration.confirm"


class RegistrationError(Exception):
    """Why a registration was refused, in French for the person registering."""


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration):
        super().__init__(
            f"L'adresse {registration.email} est déjà inscrite à cet événement\u00a0: "
            "le message de confirmation contient le lien pour annuler."
        )
        self.registration = registration


def online_link_for(event, user, registration=None) -> str:
    """The visio link, for confirmed participants and the facilitators who run the event
    ("" for anyone else): published on the page or in the calendar file, anyone could join."""
    if user.is_authenticated and user.is_facilitator:
        return event.online_url
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        return event.online_url
    return ""


def confirmation_url(registration):
    # The link carries the registration's token (not the address: URLs end up in logs), signed
    # with the time so that it expires.
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(registration.token))
    return absolute_url(reverse("network:registration_confirm", args=[token]))


def _send(registration, template):
    pending = registration.status == RegistrationStatus.PENDING
    context = {
        "registration": registration,
        "online_url": registration.event.online_url
        if registration.status == RegistrationStatus.CONFIRMED
        else "",
        "event": registration.event,
        "event_url": absolute_url(registration.event.get_absolute_url()),
        "cancel_url": absolute_url(registration.get_cancel_url()),
        "confirm_url": confirmation_url(registration) if pending else "",
        "days": settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS,
        "waiting_position": waiting_position(registration),
    }
    message = templated_message(template, context, [registration.email])
    if registration.status == RegistrationStatus.CONFIRMED:
        # The event in the person's calendar in one click (never the visio link: see ical.py).
        event = registration.event
        message.attach(
            f"{event.slug}.ics", ical.calendar([event], name=event.title), ical.CONTENT_TYPE
        )
    message.send()


STATUS_TEMPLATES = {
    RegistrationStatus.PENDING: "registration_pending",
    RegistrationStatus.CONFIRMED: "registration_confirmed",
    RegistrationStatus.WAITING: "registration_waiting",
}


def _send_status(registration):
    _send_after_commit(registration, STATUS_TEMPLATES[registration.status])


def _send_after_commit(registration, template):
    # A caller may hold a transaction around ours (the admin wraps its whole save in one): an
    # e-mail sent before that commits could announce a place that is then rolled back. Outside
    # any transaction, on_commit runs at once.
    transaction.on_commit(lambda: _send(registration, template))


def capacity_error(event, capacity) -> str | None:
    """Why `capacity` cannot be the event's number of places (None if it can): places already
    given stay given. Checked on the site's event form and in the admin alike."""
    if capacity is None or not event.pk:
        return None
    confirmed = event.confirmed_count
    if capacity >= confirmed:
        return None
    places = (
        f"{confirmed} places sont déjà confirmées"
        if confirmed > 1
        else ("1 place est déjà confirmée")
    )
    return f"{places}\u00a0: la capacité ne peut pas descendre sous {confirmed}."


def _status_for_newcomer(event):
    places_left = event.places_left
    if places_left is None or places_left > 0:
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITING


def register(event, *, name, email, organisation_name="", user=None):
    """Register someone whose address is known to be theirs (a member's account): they get a
    place, or the waiting list if the event is full. Sends the e-mail that says which."""
    if not event.accepts_registrations:
        raise RegistrationError("Les inscriptions à cet événement sont closes.")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            # Lock the event row so two last-minute registrations cannot both take the last place.
            event = Event.objects.select_for_update().get(pk=event.pk)
            # A visitor's pending registration with this address (anyone may have typed it)
            # must not stand in the way of the address's owner.
            event.registrations.filter(email=email, status=RegistrationStatus.PENDING).delete()
            # People already waiting come first, should places have been added without
            # promoting them (e.g. the capacity changed in the admin).
            promoted = _promote_waiting(event)
            registration = Registration.objects.create(
                event=event,
                user=user,
                name=one_line(name),
                email=email,
                organisation_name=one_line(organisation_name),
                status=_status_for_newcomer(event),
            )
    except IntegrityError as error:
        existing = _existing(event, email)
        if existing is None:  # cancelled in the meantime
            raise RegistrationError(
                "Inscription impossible pour l'instant\u00a0: réessayez."
            ) from error
        raise AlreadyRegistered(existing) from error
    _send_promoted(promoted)
    _send_status(registration)
    return registration


def _existing(event, email):
    return (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(email=email).first()
    )


def register_visitor(event, *, name, email, organisation_name=""):
    """Record a visitor's registration as pending and e-mail them the link that confirms it.

    Anyone can type anyone's address, so the answer must not tell whether that address is
    already registered: the caller answers as for a newcomer, and the address receives its
    registration e-mail again (the confirmation link, or its status with the cancellation
    link), at most once per period."""
    if not event.accepts_registrations:
        raise RegistrationError("Les inscriptions à cet événement sont closes.")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                name=one_line(name),
                email=email,
                organisation_name=one_line(organisation_name),
                status=RegistrationStatus.PENDING,
            )
    except IntegrityError as error:
        existing = _existing(event, email)
        if existing is None:  # cancelled in the meantime
            raise RegistrationError(
                "Inscription impossible pour l'instant\u00a0: réessayez."
            ) from error
        key = f"apure:network:registration-reminder:{existing.pk}"
        if cache.add(key, 1, REMINDER_EVERY_SECONDS):
            _send_status(existing)
        return existing
    _send_status(registration)
    return registration


def registration_to_confirm(token):
    """The registration a confirmation link points to; a French error if the link is not valid."""
    max_age = timedelta(days=settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS)
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise RegistrationError(
            "Ce lien de confirmation a expiré\u00a0: inscrivez-vous de nouveau depuis la page de "
            "l'événement pour en recevoir un autre."
        ) from error
    except signing.BadSignature as error:
        raise RegistrationError("Ce lien de confirmation n'est pas valide.") from error
    registration = Registration.objects.select_related("event").filter(token=value).first()
    if registration is None:
        raise RegistrationError(
            "Cette inscription n'existe plus\u00a0: inscrivez-vous de nouveau depuis la page de "
            "l'événement."
        )
    return registration


def confirm(token):
    """The visitor followed the link: their registration takes a place, or the waiting list if
    the event is full, from now on (it queues from its confirmation, not from its request).
    Following it again changes nothing. Returns the registration."""
    registration = registration_to_confirm(token)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.status != RegistrationStatus.PENDING:
            return registration
        if not event.accepts_registrations:
            raise RegistrationError("Les inscriptions à cet événement sont closes.")
        promoted = _promote_waiting(event)
        registration.status = _status_for_newcomer(event)
        registration.created_at = timezone.now()
        registration.save(update_fields=["status", "created_at"])
    _send_promoted(promoted)
    _send_status(registration)
    return registration


def cancel(registration):
    """Cancel a registration; a freed place goes to the first person waiting, who is told so.
    Returns that person's registration, or None."""
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status"])
        promoted = _promote_waiting(event)
    _send_promoted(promoted)
    return promoted[0] if promoted else None


def fill_free_places(event):
    """Give the event's free places to the people waiting, oldest first, and tell each of them.
    Called when the capacity may have grown (or become unlimited). Returns who was promoted."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        promoted = _promote_waiting(event)
    _send_promoted(promoted)
    return promoted


# Who waits longest gets the next place: the order of the waiting list, written once.
WAITING_ORDER = ("created_at", "pk")


def waiting_position(registration):
    """1 for the next person to get a place; None when not on the waiting list."""
    if registration is None or registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.event.registrations.filter(status=RegistrationStatus.WAITING).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def _promote_waiting(event):
    """Confirm as many people waiting as there are places left (the caller holds the event's
    lock). After a capacity cut the event may hold more confirmed people than places: then a
    cancellation frees no place and nobody is promoted."""
    if event.is_past:
        return []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(*WAITING_ORDER)
    places_left = event.places_left
    if places_left is not None:
        waiting = waiting[:places_left]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
    return promoted


def _send_promoted(promoted):
    # Sent once the promotion is committed only: a promotion rolled back must not be announced.
    for registration in promoted:
        _send_after_commit(registration, "registration_promoted")


def counts(event):
    """How many registrations are confirmed and how many wait, for the facilitators."""
    active = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    return {
        "confirmed": active.filter(status=RegistrationStatus.CONFIRMED).count(),
        "waiting": active.filter(status=RegistrationStatus.WAITING).count(),
    }


def delete(registration):
    """Erase a registration on request (data protection); frees the place like a cancellation."""
    cancel(registration)
    registration.delete()


def write_csv(event, out):
    """The registrants of an event (with a place or waiting) as CSV for French spreadsheets."""
    # A BOM so that spreadsheet software reads the accents right; ';' as French Excel expects.
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["nom", "e-mail", "structure", "statut", "inscrit le", "compte"])
    for registration in event.registrations.active():
        writer.writerow(
            [
                inert_text(registration.name),
                inert_text(registration.email),
                inert_text(registration.organisation_name),
                registration.get_status_display(),
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                "oui" if registration.user_id else "non",
            ]
        )


def send_reminders(now=None):
    """The day before an event, one reminder to each confirmed person; return how many.

    The reminder is marked before it is sent, by an update that only one run can win, so two
    runs at the same time (or a run killed mid-way) never remind anyone twice."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at=None,
        event__status=Status.PUBLISHED,
        event__starts_at__date=tomorrow,
    ).select_related("event")
    sent = 0
    for registration in due:
        won = Registration.objects.filter(pk=registration.pk, reminded_at=None).update(
            reminded_at=now
        )
        if won:
            _send(registration, "registration_reminder")
            sent += 1
    return sent
