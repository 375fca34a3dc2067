"""Registering to an event: places, waiting list, cancellation and the e-mails they send."""

import csv

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from .mail import absolute_url, one_line, send_templated
from .models import Event, Registration, RegistrationStatus

# A registration's e-mail is sent again at most once in this period (see `register_visitor`).
REMINDER_EVERY_SECONDS = 15 * 60


class RegistrationError(Exception):
    """Why a registration was refused, in French for the person registering."""


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration):
        super().__init__(
            f"L'adresse {registration.email} est déjà inscrite à cet événement : "
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


def _send(registration, template):
    context = {
        "registration": registration,
        "online_url": registration.event.online_url
        if registration.status == RegistrationStatus.CONFIRMED
        else "",
        "event": registration.event,
        "event_url": absolute_url(registration.event.get_absolute_url()),
        "cancel_url": absolute_url(registration.get_cancel_url()),
    }
    send_templated(template, context, [registration.email])


def _send_status(registration):
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    template = "registration_confirmed" if confirmed else "registration_waiting"
    _send_after_commit(registration, template)


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
    return f"{places} : la capacité ne peut pas descendre sous {confirmed}."


def _status_for_newcomer(event):
    places_left = event.places_left
    if places_left is None or places_left > 0:
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITING


def register(event, *, name, email, organisation_name="", user=None):
    """Register someone; full events put them on the waiting list. Sends the confirmation."""
    if not event.accepts_registrations:
        raise RegistrationError("Les inscriptions à cet événement sont closes.")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            # Lock the event row so two last-minute registrations cannot both take the last place.
            event = Event.objects.select_for_update().get(pk=event.pk)
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
        existing = (
            event.registrations.exclude(status=RegistrationStatus.CANCELLED)
            .filter(email=email)
            .first()
        )
        if existing is None:  # cancelled in the meantime
            raise RegistrationError("Inscription impossible pour l'instant : réessayez.") from error
        raise AlreadyRegistered(existing) from error
    _send_promoted(promoted)
    _send_status(registration)
    return registration


def register_visitor(event, **details):
    """Register someone who is not logged in; returns the status to announce.

    Anyone can type anyone's address, so the answer must not tell whether that address is
    already registered: it gets the answer a newcomer would get, and the address receives its
    registration e-mail again (with the cancellation link), at most once per period."""
    try:
        return register(event, **details).status
    except AlreadyRegistered as known:
        key = f"apure:network:registration-reminder:{known.registration.pk}"
        if cache.add(key, 1, REMINDER_EVERY_SECONDS):
            _send_status(known.registration)
        return _status_for_newcomer(event)


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


def _promote_waiting(event):
    """Confirm as many people waiting as there are places left (the caller holds the event's
    lock). After a capacity cut the event may hold more confirmed people than places: then a
    cancellation frees no place and nobody is promoted."""
    if event.is_past:
        return []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
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


# Spreadsheet software runs a cell starting with one of these as a formula: a visitor could type
# "=HYPERLINK(…)" as their name and have it run on the facilitator's computer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_csv(event, out):
    """The registrants of an event (cancelled ones left out) as CSV for French spreadsheets."""
    # A BOM so that spreadsheet software reads the accents right; ';' as French Excel expects.
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["nom", "e-mail", "structure", "statut", "inscrit le", "compte"])
    for registration in event.registrations.exclude(status=RegistrationStatus.CANCELLED):
        writer.writerow(
            [
                _as_text(registration.name),
                _as_text(registration.email),
                _as_text(registration.organisation_name),
                registration.get_status_display(),
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                "oui" if registration.user_id else "non",
            ]
        )
