"""Registering to an event: places, waiting list, cancellation and the e-mails they send."""

import csv

from django.db import IntegrityError, transaction
from django.utils import timezone

from .mail import absolute_url, send_templated
from .models import Event, Registration, RegistrationStatus


class RegistrationError(Exception):
    """Why a registration was refused, in French for the person registering."""


def _send(registration, template):
    context = {
        "registration": registration,
        "event": registration.event,
        "event_url": absolute_url(registration.event.get_absolute_url()),
        "cancel_url": absolute_url(registration.get_cancel_url()),
    }
    send_templated(template, context, [registration.email])


def register(event, *, name, email, organisation_name="", user=None):
    """Register someone; full events put them on the waiting list. Sends the confirmation."""
    if not event.accepts_registrations:
        raise RegistrationError("Les inscriptions à cet événement sont closes.")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            # Lock the event row so two last-minute registrations cannot both take the last place.
            event = Event.objects.select_for_update().get(pk=event.pk)
            places_left = event.places_left
            status = (
                RegistrationStatus.CONFIRMED
                if places_left is None or places_left > 0
                else RegistrationStatus.WAITING
            )
            registration = Registration.objects.create(
                event=event,
                user=user,
                name=name.strip(),
                email=email,
                organisation_name=organisation_name.strip(),
                status=status,
            )
    except IntegrityError as error:
        raise RegistrationError(
            f"L'adresse {email} est déjà inscrite à cet événement : "
            "le message de confirmation contient le lien pour annuler."
        ) from error
    _send(
        registration, "registration_confirmed" if status == "confirmed" else "registration_waiting"
    )
    return registration


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
