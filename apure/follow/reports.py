"""« Signaler une erreur » on a contract: the report reaches the network's facilitators.

A signed-in person's report is open at once (the account proves the address). A visitor's
report waits until they follow the signed link e-mailed to them (as visitors' event
registrations do): until then no facilitator sees it or is told of it. Each confirmed report
is e-mailed to every active facilitator through the outbox, with the record and its source
file named; facilitators comment on it, close it and reopen it; the reporter sees its state
and is e-mailed each comment and change of state (the same outbox)."""

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
            "Ce lien de confirmation a expiré\u00a0: signalez l'erreur à nouveau."
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
    item = ReportComment.objects.create(report=report, author=user, body=body)
    _tell_reporter(report, user, f"comment:{item.pk}", comment=item)
    return item


def close(report, user) -> bool:
    """Close an open report; False (nothing changed, nobody told) when it already was."""
    _check_facilitator(user)
    if report.status != ReportStatus.OPEN:
        return False
    now = timezone.now()
    report.status = ReportStatus.CLOSED
    report.closed_at = report.state_changed_at = now
    report.closed_by = user
    report.save(update_fields=["status", "closed_at", "closed_by", "state_changed_at"])
    _tell_reporter(report, user, f"closed:{now.isoformat()}")
    return True


def reopen(report, user) -> bool:
    """Reopen a closed report; False when it was not closed."""
    _check_facilitator(user)
    if report.status != ReportStatus.CLOSED:
        return False
    now = timezone.now()
    report.status = ReportStatus.OPEN
    report.closed_at = None
    report.closed_by = None
    report.state_changed_at = now
    report.save(update_fields=["status", "closed_at", "closed_by", "state_changed_at"])
    _tell_reporter(report, user, f"reopened:{now.isoformat()}")
    return True


def reporter_address(report) -> str:
    """Where the reporter is told what became of their report, or "" for nobody.

    A visitor's typed address is only written to once they confirmed it (the signed link):
    until then it may be anyone's. An account is written to at its current address, and not
    at all once it is deactivated."""
    if report.status == ReportStatus.UNCONFIRMED or report.confirmed_at is None:
        return ""
    if report.reporter_id is not None:
        reporter = report.reporter
        return reporter.email if reporter.is_active else ""
    return report.email


def _tell_reporter(report, actor, event, comment=None):
    """Queue one transactional e-mail to the reporter (not a mailing: no unsubscribe link);
    `event` names the change, so one change is told once. A facilitator acting on their own
    report is not told what they just did."""
    address = reporter_address(report)
    if not address or (report.reporter_id is not None and report.reporter_id == actor.pk):
        return
    context = {
        "report": report,
        "event": event.split(":", 1)[0],
        "comment": comment,
        # A visitor has no account to open the report's page: the e-mail carries it all.
        "report_url": absolute_url(reverse("observatory:report", args=[report.pk]))
        if report.reporter_id
        else "",
        "contract_url": absolute_url(reverse("observatory:contract", args=[report.uid])),
    }

    def queue():
        outbox.queue(
            f"report-update:{report.pk}:{event}"[:120],
            MailKind.UPDATE,
            "report_update",
            context,
            email=address,
            user=report.reporter,
        )
        outbox.send_soon()

    transaction.on_commit(queue)


def purge_unconfirmed(now=None) -> int:
    now = now or timezone.now()
    limit = now - timezone.timedelta(days=UNCONFIRMED_RETENTION_DAYS)
    deleted, _ = ErrorReport.objects.filter(
        status=ReportStatus.UNCONFIRMED, created_at__lt=limit
    ).delete()
    return deleted
