"""Registering to an event: places, waiting list, cancellation and the e-mails they send."""

import csv

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from .mail import absolute_url, send_templated
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
    _send(registration, "registration_confirmed" if confirmed else "registration_waiting")


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
            registration = Registration.objects.create(
                event=event,
                user=user,
                name=name.strip(),
                email=email,
                organisation_name=organisation_name.strip(),
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
    """Cancel a registration; the first person waiting gets the freed place and is told so."""
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    promoted = None
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status"])
        if was_confirmed and not event.is_past:
            promoted = (
                event.registrations.filter(status=RegistrationStatus.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = RegistrationStatus.CONFIRMED
                promoted.save(update_fields=["status"])
    if promoted is not None:
        _send(promoted, "registration_promoted")
    return promoted


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
