"""What members follow in the observatory, the e-mails it sends, and the errors people report.

The e-mails go through an outbox of their own (`Mail`) sent by the network's batch sender
(apure/network/outbox.py): same statuses, at most once, resumable."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from apure.network.models import OutboxEntry


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


class FollowKind(models.TextChoices):
    BUYER = "buyer", "Acheteur"
    SEGMENT = "segment", "Segment d'achat"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"


class Follow(models.Model):
    """One thing a member follows. `region` narrows a segment to a région (blank: all France);
    the other kinds carry their territory in `code`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observatory_follows"
    )
    kind = models.CharField("type", max_length=12, choices=FollowKind.choices)
    code = models.CharField("code", max_length=20)
    region = models.CharField("région", max_length=3, blank=True)
    label = models.CharField("libellé", max_length=250)
    created_at = models.DateTimeField("suivi depuis le", default=timezone.now)

    class Meta:
        ordering = ["kind", "label", "pk"]
        verbose_name = "suivi"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "code", "region"], name="follow_unique_per_user"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.label}"


class FollowPreference(models.Model):
    """Whether a member wants the digest (one-click unsubscribe switches it off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_preference"
    )
    digest = models.BooleanField("recevoir le récapitulatif après chaque import", default=True)

    class Meta:
        verbose_name = "préférence de suivi"

    def __str__(self):
        return f"{self.user}: {'récapitulatif' if self.digest else 'aucun e-mail'}"


class DigestRun(models.Model):
    """One import of the store whose new contracts were turned into digests (queued once)."""

    run_id = models.CharField("import", max_length=60, unique=True)
    baseline = models.BooleanField("premier relevé (aucun envoi)", default=False)
    new_contracts = models.PositiveIntegerField("nouveaux contrats", default=0)
    digests = models.PositiveIntegerField("récapitulatifs préparés", default=0)
    queued_at = models.DateTimeField("préparé le", default=timezone.now)

    class Meta:
        ordering = ["-queued_at"]
        verbose_name = "récapitulatif d'import"

    def __str__(self):
        return self.run_id


class MailKind(models.TextChoices):
    DIGEST = "digest", "Récapitulatif des suivis"
    REPORT = "report", "Signalement reçu (animation)"
    CONFIRM = "confirm", "Confirmation d'un signalement"
    UPDATE = "update", "Suite donnée à un signalement (personne qui l'a fait)"


class Mail(OutboxEntry):
    """One e-mail in the outbox; its key makes queuing idempotent. `user` is empty for a
    visitor confirming a report (then `email` is the typed address)."""

    key = models.CharField(max_length=120, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField("adresse")
    kind = models.CharField("type", max_length=10, choices=MailKind.choices)
    subject = models.CharField("objet", max_length=250)
    body = models.TextField("texte")
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = "e-mail de l'observatoire"
        verbose_name_plural = "e-mails de l'observatoire"

    def __str__(self):
        return self.key


class ReportStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "En attente de confirmation de l'adresse"
    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Clos"


class ReportTopic(models.TextChoices):
    AMOUNT = "amount", "Montant"
    DATES = "dates", "Dates ou durée"
    BUYER = "buyer", "Acheteur"
    HOLDERS = "holders", "Titulaires"
    CONSIDERATIONS = "considerations", "Considérations sociales ou environnementales"
    CPV = "cpv", "Code CPV ou objet"
    DUPLICATE = "duplicate", "Doublon"
    OTHER = "other", "Autre"


class ErrorReportQuerySet(models.QuerySet):
    def for_facilitators(self):
        """What the facilitators' list shows: confirmed reports, with their reporter and
        number of comments in the same query."""
        return (
            self.exclude(status=ReportStatus.UNCONFIRMED)
            .select_related("reporter__organisation")
            .annotate(comments_count=models.Count("comments"))
            # Explicit: Django drops Meta.ordering from aggregated queries, and pages need one.
            .order_by("-created_at", "-pk")
        )


class ErrorReport(models.Model):
    """An error reported on one contract of the store. The contract's identity, its source
    file and record are copied: the store is rebuilt at each import, the report stays."""

    uid = models.CharField("contrat", max_length=300)
    contract_object = models.CharField("objet du contrat", max_length=300, blank=True)
    buyer_siret = models.CharField("SIRET de l'acheteur", max_length=14, blank=True)
    buyer_name = models.CharField("acheteur", max_length=300, blank=True)
    source_file = models.CharField("fichier source", max_length=300, blank=True)
    record_index = models.IntegerField("enregistrement", null=True, blank=True)
    topic = models.CharField("sujet", max_length=15, choices=ReportTopic.choices)
    message = models.TextField("description de l'erreur", max_length=2000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observatory_reports",
    )
    email = models.EmailField("adresse de la personne qui signale", blank=True)
    status = models.CharField(
        "état", max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField("signalé le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Last close or reopening by a facilitator: what the reporter is told and sees change.
    state_changed_at = models.DateTimeField("dernier changement d'état le", null=True, blank=True)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "signalement d'erreur"
        verbose_name_plural = "signalements d'erreur"

    def __str__(self):
        return f"Signalement {self.pk} ({self.uid})"

    @property
    def state_phrase(self) -> str:
        """« clos le 5 décembre 2026 », « rouvert le … » or « ouvert »: the state as the
        reporter reads it, with the date of its last change."""
        if self.status == ReportStatus.CLOSED and self.closed_at:
            return f"clos le {_day(self.closed_at)}"
        if self.status == ReportStatus.OPEN and self.state_changed_at:
            return f"rouvert le {_day(self.state_changed_at)}"
        return self.get_status_display().lower()


class ReportComment(models.Model):
    report = models.ForeignKey(ErrorReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("commentaire", max_length=2000)
    created_at = models.DateTimeField("écrit le", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "commentaire de signalement"

    def __str__(self):
        return f"Commentaire {self.pk} du signalement {self.report_id}"
