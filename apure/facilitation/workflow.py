"""A support request's life: a member sends it to a facilitator (who gets an e-mail), the
facilitator takes it on and closes it with an answer (the member gets an e-mail each time).
Who may do what is decided by apure.organisations.permissions, asked by the views."""

from django.core.mail import EmailMessage
from django.db import transaction

from apure.network.mail import absolute_url, one_line

from .models import RequestStatus, SupportRequest

FROM_STATES = {
    RequestStatus.ACCEPTED: {RequestStatus.SENT},
    RequestStatus.CLOSED: {RequestStatus.SENT, RequestStatus.ACCEPTED},
}


class TransitionRefused(Exception):
    pass


def _mail(subject, lines, to):
    recipients = list(dict.fromkeys(address for address in to if address))
    if recipients:
        body = "\n".join(lines)
        transaction.on_commit(lambda: EmailMessage(one_line(subject), body, to=recipients).send())


def send(requester, facilitator, subject, message) -> SupportRequest:
    support = SupportRequest.objects.create(
        requester=requester, facilitator=facilitator, subject=subject, message=message
    )
    body = requester.organisation.name if requester.organisation else "sans structure"
    _mail(
        f"Demande d'accompagnement\u00a0: {subject}",
        [
            "Bonjour,",
            "",
            f"{requester.get_full_name() or requester.email} ({body}) demande un "
            "accompagnement par l'intermédiaire d'apure\u00a0:",
            "",
            message,
            "",
            f"Répondre et suivre la demande\u00a0: {absolute_url(support.get_absolute_url())}",
        ],
        [facilitator.email, facilitator.user.email if facilitator.user else ""],
    )
    return support


def move(support: SupportRequest, status: str, answer: str = "") -> SupportRequest:
    if support.status not in FROM_STATES[status]:
        raise TransitionRefused(f"La demande est déjà « {support.get_status_display().lower()} ».")
    support.status = status
    if answer:
        support.answer = answer
    support.save(update_fields=["status", "answer", "updated_at"])
    _mail(
        f"Votre demande « {support.subject} »\u00a0: {support.get_status_display().lower()}",
        [
            "Bonjour,",
            "",
            f"{support.facilitator} a fait évoluer votre demande d'accompagnement\u00a0: "
            f"{support.get_status_display().lower()}.",
            *(["", answer] if answer else []),
            "",
            f"Voir la demande\u00a0: {absolute_url(support.get_absolute_url())}",
        ],
        [support.requester.email],
    )
    return support
