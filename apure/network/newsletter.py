"""The newsletter: double opt-in, one-click unsubscribe, composing and resumable sending."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import outbox
from .mail import absolute_url, one_line, send_templated
from .markup import render_markdown
from .models import (
    Delivery,
    DeliveryStatus,
    Event,
    Issue,
    IssueStatus,
    News,
    Resource,
    Subscriber,
    Thread,
)

CONFIRM_SALT = "apure.network.newsletter.confirm"
UNSUBSCRIBE_SALT = "apure.network.newsletter.unsubscribe"
ITEMS_PER_SECTION = 5
# How many recent items of each section the composing page offers to choose from.
CANDIDATES_PER_SECTION = 20
# Anyone can type any address: at most one confirmation e-mail per address in this period, so
# the form cannot be used to flood someone's mailbox.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=15)


# One error class for the newsletter and the batch sender it shares with the notifications.
NewsletterError = outbox.SendingError


# Subscription ---------------------------------------------------------------------------------


def confirmation_url(subscriber):
    # Tokens carry the subscription's number, not the address: URLs end up in logs.
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))
    return absolute_url(reverse("network:newsletter_confirm", args=[token]))


def unsubscribe_url(subscriber):
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))
    return absolute_url(reverse("network:newsletter_unsubscribe", args=[token]))


def subscribe(email):
    """Record the consent and send the confirmation link; confirmed addresses get nothing new."""
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(email=email)
    if subscriber.confirmed_at is not None:
        return subscriber
    if not created:
        if subscriber.consented_at > timezone.now() - CONFIRMATION_RESEND_AFTER:
            return subscriber
        subscriber.consented_at = timezone.now()
        subscriber.save(update_fields=["consented_at"])
    context = {
        "confirm_url": confirmation_url(subscriber),
        "days": settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS,
    }
    send_templated("newsletter_confirm", context, [email])
    return subscriber


def subscriber_to_confirm(token):
    """The subscription a confirmation link points to; a French error if it is not valid."""
    max_age = timedelta(days=settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS)
    try:
        pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise NewsletterError(
            "Ce lien de confirmation a expiré\u00a0: inscrivez-vous de nouveau "
            "pour en recevoir un autre."
        ) from error
    except signing.BadSignature as error:
        raise NewsletterError("Ce lien de confirmation n'est pas valide.") from error
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        raise NewsletterError(
            "Cette inscription n'existe plus\u00a0: inscrivez-vous de nouveau depuis le pied de "
            "page."
        )
    return subscriber


def confirm(token):
    subscriber = subscriber_to_confirm(token)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscriber_to_unsubscribe(token):
    """The subscription an unsubscribe link points to, or None if it was already deleted."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature as error:
        raise NewsletterError("Ce lien de désinscription n'est pas valide.") from error
    return Subscriber.objects.filter(pk=pk).first()


def unsubscribe(token):
    """Delete the subscription: nothing about the address is kept afterwards."""
    subscriber = subscriber_to_unsubscribe(token)
    if subscriber is None:
        return None
    email = subscriber.email
    subscriber.delete()
    return email


# Composing ------------------------------------------------------------------------------------


def create_issue(*, subject, editorial, user):
    """A new issue with the news and resources published since the last one, and what's coming."""
    last = Issue.objects.exclude(sent_at=None).order_by("-sent_at").first()
    news = News.objects.published()
    resources = Resource.objects.published()
    if last is not None:
        news = news.filter(published_at__gt=last.sent_at)
        resources = resources.filter(published_at__gt=last.sent_at)
    questions = Thread.objects.public().order_by("-made_public_at")
    if last is not None:
        questions = questions.filter(made_public_at__gt=last.sent_at)
    issue = Issue.objects.create(subject=subject, editorial=editorial, created_by=user)
    issue.news.set(news[:ITEMS_PER_SECTION])
    issue.events.set(Event.objects.upcoming()[:ITEMS_PER_SECTION])
    issue.resources.set(resources[:ITEMS_PER_SECTION])
    issue.questions.set(questions[:ITEMS_PER_SECTION])
    return issue


def candidates():
    """What a facilitator may choose from when composing an issue, per section."""
    return {
        "news": News.objects.published()[:CANDIDATES_PER_SECTION],
        "events": Event.objects.upcoming()[:CANDIDATES_PER_SECTION],
        "resources": Resource.objects.published()[:CANDIDATES_PER_SECTION],
        "questions": Thread.objects.public().order_by("-made_public_at")[:CANDIDATES_PER_SECTION],
    }


def edit_issue(issue, *, subject, editorial, scheduled_for=None, items=None):
    """Rewrite an issue not yet sent: its texts, its sending date and, when given, its items
    (a dict section → chosen objects, sections as in `candidates`)."""
    with transaction.atomic():
        issue = _locked_draft(issue, "modifiée")
        issue.subject, issue.editorial = subject, editorial
        issue.scheduled_for = scheduled_for
        issue.save(update_fields=["subject", "editorial", "scheduled_for"])
        for section, chosen in (items or {}).items():
            getattr(issue, section).set(chosen)
    return issue


def due_issues(now=None):
    """Drafts whose programmed sending time has come (`newsletter_send` queues them)."""
    return Issue.objects.filter(status=IssueStatus.DRAFT, scheduled_for__lte=now or timezone.now())


def delete_issue(issue):
    with transaction.atomic():
        # Deleting an issue being sent would also delete, by cascade, the record of who
        # already received it: a resumed sending would then write to them again.
        _locked_draft(issue, "supprimée").delete()


def _locked_draft(issue, done):
    """The issue read again under the row lock that `queue` takes, if it is still a draft.

    The caller's copy may be stale: « Envoyer » clicked in between, or `newsletter_send`, has
    moved the issue out of draft; checked under the lock, the two cannot overlap."""
    locked = Issue.objects.select_for_update().filter(pk=issue.pk).first()
    if locked is None:
        raise NewsletterError("Cette lettre n'existe plus.")
    if locked.status != IssueStatus.DRAFT:
        raise NewsletterError(
            "Cette lettre est déjà partie ou en cours d'envoi\u00a0: elle ne peut plus être "
            f"{done}."
        )
    return locked


# The sections of an issue: their items in the default order (before the facilitator moves
# any), and the public address of an item.
SECTIONS = {
    "news": (lambda issue: issue.news.all(), lambda item: item.get_absolute_url()),
    "events": (
        lambda issue: issue.events.order_by("starts_at"),
        lambda item: item.get_absolute_url(),
    ),
    "resources": (lambda issue: issue.resources.all(), lambda item: item.get_absolute_url()),
    "questions": (
        lambda issue: issue.questions.order_by("-made_public_at"),
        lambda item: item.get_public_url(),
    ),
}


def _key(section, item):
    return f"{section}:{item.pk}"


def section_items(issue, section):
    """The items of a section in the order the facilitator set; items never moved follow, in
    the default order (a stable sort keeps it)."""
    items, _url = SECTIONS[section]
    rank = {key: position for position, key in enumerate(issue.item_order)}
    return sorted(items(issue), key=lambda item: rank.get(_key(section, item), len(rank)))


def move_item(issue, section, pk, step):
    """Move an item of a section one place up (step -1) or down (+1) in a draft issue."""
    with transaction.atomic():
        issue = _locked_draft(issue, "modifiée")
        items = section_items(issue, section)
        index = next((i for i, item in enumerate(items) if item.pk == pk), None)
        if index is None or not 0 <= index + step < len(items):
            return issue
        items[index], items[index + step] = items[index + step], items[index]
        others = [key for key in issue.item_order if not key.startswith(f"{section}:")]
        issue.item_order = others + [_key(section, item) for item in items]
        issue.save(update_fields=["item_order"])
    return issue


def issue_context(issue, unsubscribe_link):
    sections = {
        section: [(item, absolute_url(url(item))) for item in section_items(issue, section)]
        for section, (_items, url) in SECTIONS.items()
    }
    return {
        "issue": issue,
        "editorial": render_markdown(issue.editorial),
        **sections,
        "unsubscribe_url": unsubscribe_link,
        "site_url": settings.SITE_URL,
    }


def build_message(issue, email, unsubscribe_link):
    context = issue_context(issue, unsubscribe_link)
    message = EmailMultiAlternatives(
        one_line(issue.subject),
        render_to_string("network/email/issue.txt", context),
        to=[email],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer a one-click "unsubscribe" button.
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("network/email/issue.html", context), "text/html")
    return message


def send_test(issue, email):
    """A copy to the facilitator; its unsubscribe link points to the newsletter page."""
    build_message(issue, email, absolute_url(reverse("network:newsletter"))).send()


# Sending --------------------------------------------------------------------------------------


def queue(issue):
    """Freeze the recipients: one pending delivery per confirmed subscriber."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == IssueStatus.SENT:
            raise NewsletterError(f"La lettre « {issue.subject} » a déjà été envoyée.")
        subscribers = Subscriber.objects.exclude(confirmed_at=None)
        if issue.status == IssueStatus.DRAFT and not subscribers.exists():
            # Sending to nobody would mark the issue as sent for good.
            raise NewsletterError(
                "Aucun abonné n'a encore confirmé son inscription\u00a0: la lettre reste en "
                "préparation, vous pourrez l'envoyer plus tard."
            )
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber=s) for s in subscribers], ignore_conflicts=True
        )
        issue.status = IssueStatus.SENDING
        issue.queued_at = issue.queued_at or timezone.now()
        issue.save(update_fields=["status", "queued_at"])
    return issue


def _finish_if_done(issue):
    if not issue.deliveries.filter(status=DeliveryStatus.PENDING).exists():
        issue.status = IssueStatus.SENT
        issue.sent_at = timezone.now()
        issue.save(update_fields=["status", "sent_at"])


def send_pending(issues=None, batch_size=None, progress=None, max_batches=None):
    """Send every pending delivery of the issues being sent, in batches of one SMTP connection.

    A delivery is marked "sending" before the SMTP exchange and "sent" after it, so a run that
    dies in between never sends that message again (at most once); a refused message goes back
    to pending and the run stops: running the command again resumes where it stopped.
    `max_batches` bounds the work of a web request, which must answer before its time-out.
    """
    batch_size = batch_size or settings.NETWORK_NEWSLETTER_BATCH_SIZE
    issues = list(issues or Issue.objects.filter(status=IssueStatus.SENDING))
    totals = {"issues": len(issues), "sent": 0, "uncertain": 0, "pending": 0}
    for issue in issues:
        issue.deliveries.filter(status=DeliveryStatus.PENDING, subscriber=None).update(
            status=DeliveryStatus.FAILED, error="Abonné désinscrit avant l'envoi."
        )
        batches = 0
        while max_batches is None or batches < max_batches:
            batch = list(
                issue.deliveries.filter(status=DeliveryStatus.PENDING).select_related("subscriber")[
                    :batch_size
                ]
            )
            if not batch:
                break
            totals["sent"] += _send_batch(issue, batch, progress)
            batches += 1
        _finish_if_done(issue)
        totals["uncertain"] += issue.deliveries.filter(status=DeliveryStatus.SENDING).count()
        totals["pending"] += issue.deliveries.filter(status=DeliveryStatus.PENDING).count()
    return totals


def _send_batch(issue, batch, progress):
    return outbox.send_batch(
        Delivery,
        batch,
        lambda delivery: build_message(
            issue, delivery.subscriber.email, unsubscribe_url(delivery.subscriber)
        ),
        describe=lambda delivery: f"{delivery.subscriber.email} (lettre « {issue.subject} »)",
        command="newsletter_send",
        progress=progress,
    )
