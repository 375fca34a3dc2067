"""The network's content: working groups, news, events, resources and the newsletter."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from apure.organisations.models import Organisation
from apure.reference.models import CpvCode


def unique_slug(model, text, pk=None, max_length=200):
    """A slug unique in its table: the text's slug, suffixed with -2, -3… when taken."""
    base = slugify(text)[: max_length - 6] or "element"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class WorkingGroup(models.Model):
    """A group per priority theme of the network; its theme tags news, events and resources."""

    name = models.CharField("nom", max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    short_name = models.CharField("thème (libellé court)", max_length=60)
    description = models.TextField("présentation", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="membres",
        blank=True,
        related_name="working_groups",
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "groupe de travail"
        verbose_name_plural = "groupes de travail"

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("network:group", args=[self.slug])


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PROPOSED = "proposed", "Proposé"
    PUBLISHED = "published", "Publié"
    REJECTED = "rejected", "Refusé"


class Territory(models.TextChoices):
    REGION = "hdf", "Hauts-de-France"
    AISNE = "02", "Aisne"
    NORD = "59", "Nord"
    OISE = "60", "Oise"
    PAS_DE_CALAIS = "62", "Pas-de-Calais"
    SOMME = "80", "Somme"
    NATIONAL = "national", "France entière"


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def proposed(self):
        return self.filter(status=Status.PROPOSED)

    def proposed_by(self, user):
        return self.filter(proposed_by=user)

    def with_theme(self, group):
        return self.filter(themes=group)

    def visible_to(self, user):
        """Published items for everyone; proposals to their author; everything to facilitators."""
        if user.is_authenticated and user.is_facilitator:
            return self.all()
        published = Q(status=Status.PUBLISHED, published_at__lte=timezone.now())
        if user.is_authenticated:
            return self.filter(published | Q(proposed_by=user))
        return self.filter(published)


class Publication(models.Model):
    """What news, events and resources share: themes, author body and the review workflow."""

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    themes = models.ManyToManyField(WorkingGroup, verbose_name="thèmes", blank=True)
    author_organisation = models.ForeignKey(
        Organisation,
        verbose_name="structure auteure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "statut", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("date de publication", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="proposé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="relu par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("relu le", null=True, blank=True)
    review_message = models.TextField("message de l'animation", blank=True)
    is_example = models.BooleanField(
        "exemple", default=False, help_text="Contenu de démonstration, signalé comme exemple."
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title, self.pk)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()

    # The status is shown next to the item: it agrees with the item's noun (« une ressource
    # publiée », « un événement publié »). Status labels are the masculine forms.
    feminine = False

    @property
    def status_label(self):
        label = self.get_status_display()
        return label + "e" if self.feminine and self.status != Status.DRAFT else label


class News(Publication):
    feminine = True  # une actualité
    summary = models.CharField("résumé", max_length=400)
    body = models.TextField("texte", help_text="Mise en forme Markdown.")
    image = models.FileField("image", upload_to="reseau/actualites/%Y/", blank=True)
    image_alt = models.CharField(
        "texte alternatif de l'image",
        max_length=250,
        blank=True,
        help_text="Décrit l'image pour les personnes qui ne la voient pas.",
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "actualité"
        verbose_name_plural = "actualités"

    def get_absolute_url(self):
        return reverse("network:news_detail", args=[self.slug])

    def clean(self):
        # Checked here so that the site's forms and the admin both refuse an image without it.
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Décrivez l'image en quelques mots : ce texte remplace l'image."}
            )


class EventQuerySet(PublicationQuerySet):
    def upcoming(self):
        return self.published().filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.published().filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class Event(Publication):
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=250, blank=True)
    online_url = models.URLField("lien de visioconférence", blank=True)
    description = models.TextField("description", help_text="Mise en forme Markdown.")
    capacity = models.PositiveIntegerField(
        "nombre de places", null=True, blank=True, help_text="Laisser vide : places illimitées."
    )
    registration_open = models.BooleanField("inscriptions ouvertes", default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "événement"
        verbose_name_plural = "événements"

    def get_absolute_url(self):
        return reverse("network:event_detail", args=[self.slug])

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def confirmed_count(self):
        return self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def accepts_registrations(self):
        return self.registration_open and not self.is_past and self.is_published


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Inscrit"
    WAITING = "waiting", "Liste d'attente"
    CANCELLED = "cancelled", "Annulé"


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: "place confirmée",
    RegistrationStatus.WAITING: "liste d'attente",
    RegistrationStatus.CANCELLED: "annulée",
}


class Registration(models.Model):
    event = models.ForeignKey(
        Event, verbose_name="événement", on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse e-mail")
    organisation_name = models.CharField("structure", max_length=200, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("inscrit le", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "inscription"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="network_registration_once_per_event",
            )
        ]

    def __str__(self):
        return f"{self.name} — {self.event}"

    @property
    def status_label(self):
        """The status in a sentence about the registration (« inscrit » would not agree with
        everyone): « place confirmée », « liste d'attente », « annulée »."""
        return REGISTRATION_STATUS_LABELS[self.status]

    def get_cancel_url(self):
        return reverse("network:registration_cancel", args=[self.token])


class ResourceKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    CLAUSE = "clause", "Clause"
    FEEDBACK = "feedback", "Retour d'expérience"
    DELIBERATION = "deliberation", "Délibération"
    SPASER = "spaser", "SPASER"
    STUDY = "study", "Étude"
    TOOL = "tool", "Outil"


class Resource(Publication):
    feminine = True  # une ressource
    kind = models.CharField("type", max_length=15, choices=ResourceKind.choices)
    summary = models.TextField("présentation", help_text="Mise en forme Markdown.")
    file = models.FileField("document", upload_to="reseau/ressources/%Y/", blank=True)
    file_format = models.CharField("format du document", max_length=5, blank=True)
    url = models.URLField("lien", blank=True)
    segments = models.ManyToManyField(CpvCode, verbose_name="segments d'achat (CPV)", blank=True)
    territory = models.CharField(
        "territoire", max_length=10, choices=Territory.choices, default=Territory.REGION
    )
    event = models.ForeignKey(
        Event,
        verbose_name="événement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        help_text="Supports et comptes rendus d'un événement.",
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "ressource"

    def get_absolute_url(self):
        return reverse("network:resource_detail", args=[self.slug])


class Subscriber(models.Model):
    """A newsletter subscription: the address and the dates of consent, nothing else."""

    email = models.EmailField("adresse e-mail", unique=True)
    consented_at = models.DateTimeField("consentement donné le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = "abonné à la lettre"
        verbose_name_plural = "abonnés à la lettre"

    def __str__(self):
        return self.email


class IssueStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    SENDING = "sending", "En cours d'envoi"
    SENT = "sent", "Envoyée"


class Issue(models.Model):
    """A newsletter issue: an editorial text plus the items picked when it was composed."""

    subject = models.CharField("objet", max_length=200)
    editorial = models.TextField("éditorial", help_text="Mise en forme Markdown.")
    news = models.ManyToManyField(News, verbose_name="actualités", blank=True)
    events = models.ManyToManyField(Event, verbose_name="événements", blank=True)
    resources = models.ManyToManyField(Resource, verbose_name="ressources", blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    queued_at = models.DateTimeField("envoi demandé le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lettre d'information"
        verbose_name_plural = "lettres d'information"

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("network:issue_detail", args=[self.pk])


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "À envoyer"
    SENDING = "sending", "Envoi en cours (incertain)"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Échec"


class Delivery(models.Model):
    """One issue to one subscriber; the ledger that makes sending resumable."""

    issue = models.ForeignKey(
        Issue, verbose_name="lettre", on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name="abonné",
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
    )
    status = models.CharField(
        "statut",
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    error = models.CharField("dernière erreur", max_length=300, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "envoi"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="network_delivery_once_per_subscriber"
            )
        ]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"
