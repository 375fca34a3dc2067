"""Facilitators (« facilitateurs des clauses sociales » and other support to buyers) and the
requests buyers send them."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Theme(models.TextChoices):
    SOCIAL_CLAUSES = "clauses-sociales", "Clauses sociales et insertion"
    REUSE = "reemploi", "Réemploi et construction durable"
    ESS = "ess", "Coopération avec l'ESS"


class FacilitatorQuerySet(models.QuerySet):
    def covering(self, departement: str):
        """Facilitators whose territory includes a département (codes framed by spaces)."""
        return self.filter(departements_index__contains=f" {departement} ")


class Facilitator(models.Model):
    name = models.CharField("nom", max_length=200)
    structure = models.CharField(
        "structure", max_length=200, help_text="PLIE, maison de l'emploi, métropole…"
    )
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    departements = models.CharField(
        "départements couverts",
        max_length=100,
        help_text="Codes séparés par des espaces (ex. 59 62).",
    )
    territory = models.CharField("territoire", max_length=250, blank=True)
    email = models.EmailField("e-mail de contact")
    website = models.URLField("site internet", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte qui répond aux demandes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator_profiles",
    )
    is_example = models.BooleanField("exemple", default=False)
    departements_index = models.CharField(max_length=110, editable=False, blank=True)

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "facilitateur"

    def __str__(self):
        return f"{self.name} ({self.structure})"

    def save(self, *args, **kwargs):
        self.departements = " ".join(self.departements.replace(",", " ").split())
        self.departements_index = f" {self.departements} "
        super().save(*args, **kwargs)

    @property
    def departement_list(self) -> list[str]:
        return self.departements.split()


class RequestStatus(models.TextChoices):
    SENT = "envoyee", "Envoyée"
    ACCEPTED = "acceptee", "Prise en charge"
    CLOSED = "close", "Close"


class SupportRequestQuerySet(models.QuerySet):
    def to_answer_by(self, user):
        """The requests a person answers (see permissions.can_answer_support_request)."""
        if user.is_facilitator:
            return self
        return self.filter(facilitator__user=user)


class SupportRequest(models.Model):
    facilitator = models.ForeignKey(Facilitator, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_requests"
    )
    subject = models.CharField("objet", max_length=200)
    message = models.TextField("votre besoin")
    status = models.CharField(
        "état", max_length=10, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    answer = models.TextField("réponse du facilitateur", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "demande d'accompagnement"
        verbose_name_plural = "demandes d'accompagnement"

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("suppliers:support_request", args=[self.pk])

    @property
    def is_awaiting(self):
        """Sent and not yet taken on by a facilitator."""
        return self.status == RequestStatus.SENT

    @property
    def is_open(self):
        return self.status != RequestStatus.CLOSED


class InsertionFollowUp(models.Model):
    """The insertion clause of one contract as a facilitator follows it: hours planned (from the
    recommender's sizing) and hours done each year, as totals. No data on the people employed:
    their follow-up stays with the facilitator's own tools."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="acheteur",
        on_delete=models.PROTECT,
        related_name="insertion_follow_ups",
    )
    title = models.CharField("marché", max_length=300)
    reference = models.CharField(
        "référence du marché", max_length=100, blank=True, help_text="Numéro interne ou DECP."
    )
    project = models.ForeignKey(
        "clauses.SavedProject",
        verbose_name="marché enregistré",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insertion_follow_ups",
    )
    facilitator = models.ForeignKey(
        Facilitator,
        verbose_name="facilitateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    hours_planned = models.DecimalField(
        "heures d'insertion prévues",
        max_digits=10,
        decimal_places=0,
        help_text="Volume prévu par le marché (dimensionnement de la clause).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "title", "pk"]
        verbose_name = "suivi d'une clause d'insertion"
        verbose_name_plural = "suivis des clauses d'insertion"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("suppliers:follow_up", args=[self.pk])


class InsertionYear(models.Model):
    """Hours of insertion done under one contract in one calendar year (a total)."""

    follow_up = models.ForeignKey(InsertionFollowUp, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("année")
    hours_done = models.DecimalField("heures réalisées", max_digits=10, decimal_places=0)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "year"], name="one_total_per_year"),
            models.CheckConstraint(
                condition=models.Q(hours_done__gte=0), name="hours_done_not_negative"
            ),
        ]
        verbose_name = "heures réalisées dans l'année"

    def __str__(self):
        return f"{self.follow_up} · {self.year}"
