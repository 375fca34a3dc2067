"""« Signaler une erreur » on a contract: the report reaches the network's facilitators.

A signed-in person's report is open at once (the account proves the address). A visitor's
report waits until they follow the signed link e-mailed to them (as visitors' event
registrations do): until then no facilitator sees it or is told of it. Each confirmed report
is e-mailed to every active facilitator through the outbox, with the record and its source
file named; facilitators comment on it and close it; the reporter sees its state."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apure.network.mail import absolute_url
from apure.network.moderation import facilitator_addresses
from apure.observatory import contracts
from apure.organisations.permissions import is_facilitator

from . import outbox
from .models import ErrorReport, MailKind, ReportComment, ReportStatus

CONFIRM_SALT = "apure.follow.report-confirmation"
CONFIRM_MAX_AGE = 7 * 24 * 3600
# Unconfirmed reports are deleted after this many days (`apure follow_notify`).
UNCONFIRMED_RETENTION_DAYS = 30


class ReportError(Exception):
    """A French reason shown to the person."""


def contract_for_report(uid):
    """The contract as the store serves it, or None."""
    return contracts.detail(uid)


def create(contract, topic, message, user=None, email=""):
    """Save a report on `contract` (the store's dict); tell the facilitators, or e-mail the
    visitor a confirmation link first."""
    signed_in = user is not None and user.is_authenticated
    report = ErrorReport.objects.create(
        uid=contract["uid"],
        contract_object=(contract.get("object") or "")[:300],
        buyer_siret=contract.get("buyer_siret") or "",
        buyer_name=(contract.get("buyer_name") or "")[:300],
        source_file=(contract.get("source_file") or "")[:300],
        record_index=contract.get("record_index"),
        topic=topic,
        message=message,
        reporter=user if signed_in else None,
        email=user.email if signed_in else email,
        status=ReportStatus.OPEN if signed_in else ReportStatus.UNCONFIRMED,
        confirmed_at=timezone.now() if signed_in else None,
    )
    if signed_in:
        transaction.on_commit(lambda: _tell_facilitators(report))
    else:
        transaction.on_commit(lambda: _ask_confirmation(report))
    return report


def confirmation_url(report) -> str:
    token = signing.dumps(report.pk, salt=CONFIRM_SALT)
    return absolute_url(reverse("observatory:report_confirm", args=[token]))


def _ask_confirmation(report):
    context = {
        "report": report,
        "confirm_url": confirmation_url(report),
        "contract_url": absolute_url(reverse("observatory:contract", args=[report.uid])),
    }
    outbox.queue(
        f"report-confirm:{report.pk}",
        MailKind.CONFIRM,
        "report_confirm",
        context,
        email=report.email,
    )
    outbox.send_soon()


def confirm(token):
    """Open the visitor's report named by the token; return it."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ReportError(
            "Ce lien de confirmation a expiré : signalez l'erreur à nouveau."
        ) from error
    except signing.BadSignature as error:
        raise ReportError("Ce lien de confirmation n'est pas valide.") from error
    with transaction.atomic():
        report = ErrorReport.objects.select_for_update().filter(pk=pk).first()
        if report is None:
            raise ReportError("Ce signalement n'existe plus.")
        if report.status == ReportStatus.UNCONFIRMED:
            report.status = ReportStatus.OPEN
            report.confirmed_at = timezone.now()
            report.save(update_fields=["status", "confirmed_at"])
            transaction.on_commit(lambda: _tell_facilitators(report))
    return report


def _tell_facilitators(report):
    context = {
        "report": report,
        "report_url": absolute_url(reverse("observatory:report", args=[report.pk])),
        "contract_url": absolute_url(reverse("observatory:contract", args=[report.uid])),
    }
    for address in facilitator_addresses():
        # One message each: facilitators' addresses are not handed to one another.
        outbox.queue(
            f"report:{report.pk}:{address}",
            MailKind.REPORT,
            "report_received",
            context,
            email=address,
        )
    outbox.send_soon()


def _check_facilitator(user):
    if not is_facilitator(user):
        raise ReportError("Seule l'animation du réseau traite les signalements.")


def comment(report, user, body):
    _check_facilitator(user)
    return ReportComment.objects.create(report=report, author=user, body=body)


def close(report, user):
    _check_facilitator(user)
    report.status = ReportStatus.CLOSED
    report.closed_at = timezone.now()
    report.closed_by = user
    report.save(update_fields=["status", "closed_at", "closed_by"])


def reopen(report, user):
    _check_facilitator(user)
    report.status = ReportStatus.OPEN
    report.closed_at = None
    report.closed_by = None
    report.save(update_fields=["status", "closed_at", "closed_by"])


def purge_unconfirmed(now=None) -> int:
    now = now or timezone.now()
    limit = now - timezone.timedelta(days=UNCONFIRMED_RETENTION_DAYS)
    deleted, _ = ErrorReport.objects.filter(
        status=ReportStatus.UNCONFIRMED, created_at__lt=limit
    ).delete()
    return deleted
