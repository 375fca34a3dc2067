"""Registering to an event: places, waiting list, cancellation and the e-mails they send."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from .models import Event, Registration, RegistrationStatus


class RegistrationError(Exception):
    """Why a registration was refused, in French for the person registering."""


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(registration, template):
    context = {
        "registration": registration,
        "event": registration.event,
        "event_url": _absolute(registration.event.get_absolute_url()),
        "cancel_url": _absolute(registration.get_cancel_url()),
    }
    subject = render_to_string(f"network/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"network/email/{template}.txt", context)
    send_mail(subject, body, None, [registration.email])


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
