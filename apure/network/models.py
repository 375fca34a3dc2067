"""The network's content: working groups, news, events, resources and the newsletter."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from apure.organisations.models import Organisation
from apure.reference.models import CpvCode

from .uploads import IMAGE_FORMATS


def unique_slug(model, text, pk=None, max_length=200):
    """A slug unique in its table: the text's slug, suffixed with -2, -3… when taken."""
    base = slugify(text)[: max_length - 6] or "element"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# A working group's rank orders the group list; a handful of groups never needs more.
GROUP_POSITION_MAX = 999


class WorkingGroup(models.Model):
    """A group per priority theme of the network; its theme tags news, events and resources."""

    name = models.CharField("nom", max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    short_name = models.CharField("thème (libellé court)", max_length=60)
    description = models.TextField("présentation", blank=True)
    position = models.PositiveSmallIntegerField(
        "ordre",
        default=0,
        validators=[
            MaxValueValidator(
                GROUP_POSITION_MAX, f"Indiquez un rang entre 0 et {GROUP_POSITION_MAX}."
            )
        ],
    )
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

    # The site's edit page of each kind (facilitators; authors of refused proposals).
    edit_url_name = ""

    def get_edit_url(self):
        return reverse(self.edit_url_name, args=[self.slug])

    # The status is shown next to the item: it agrees with the item's noun (« une ressource
    # publiée », « un événement publié »). Status labels are the masculine forms.
    feminine = False

    @property
    def status_label(self):
        label = self.get_status_display()
        return label + "e" if self.feminine and self.status != Status.DRAFT else label


class News(Publication):
    feminine = True  # une actualité
    edit_url_name = "network:news_edit"
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
                {"image_alt": "Décrivez l'image en quelques mots\u00a0: ce texte remplace l'image."}
            )


class EventQuerySet(PublicationQuerySet):
    def upcoming(self):
        return self.published().filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.published().filter(starts_at__lt=timezone.now()).order_by("-starts_at")


# The bounds of an event, written once: the model checks them, so the site's form and the admin
# refuse the same values with the same message. They catch typing mistakes (1900, 20026, ten
# million places), not unusual events: the archive may go back to 2000, events are announced
# at most a few years ahead, and the largest congress fits within the places.
EVENT_FIRST_YEAR = 2000
EVENT_YEARS_AHEAD = 3
EVENT_CAPACITY_MIN = 1
EVENT_CAPACITY_MAX = 100_000
# French writes 100 000 with a narrow no-break space between thousands.
_CAPACITY_MAX_TEXT = f"{EVENT_CAPACITY_MAX:,}".replace(",", "\u202f")
EVENT_CAPACITY_MESSAGE = (
    f"Indiquez un nombre de places entre {EVENT_CAPACITY_MIN} et {_CAPACITY_MAX_TEXT}, "
    "ou laissez vide pour des places illimitées."
)


def event_years():
    """The first and last years an event may start or end in (the last moves with today)."""
    return EVENT_FIRST_YEAR, timezone.localdate().year + EVENT_YEARS_AHEAD


def validate_event_date(value):
    first, last = event_years()
    if not first <= timezone.localtime(value).year <= last:
        raise ValidationError(
            "La date doit être comprise entre %(first)s et %(last)s\u00a0: vérifiez l'année.",
            code="event_date",
            params={"first": first, "last": last},
        )


class Event(Publication):
    edit_url_name = "network:event_edit"
    starts_at = models.DateTimeField("début", validators=[validate_event_date])
    ends_at = models.DateTimeField("fin", null=True, blank=True, validators=[validate_event_date])
    place = models.CharField("lieu", max_length=250, blank=True)
    online_url = models.URLField("lien de visioconférence", blank=True)
    description = models.TextField("description", help_text="Mise en forme Markdown.")
    capacity = models.PositiveIntegerField(
        "nombre de places",
        null=True,
        blank=True,
        help_text="Laisser vide\u00a0: places illimitées.",
        # The same message both ways; the upper bound also replaces the database's own
        # (« inférieure ou égale à 9223372036854775807 »).
        validators=[
            MinValueValidator(EVENT_CAPACITY_MIN, EVENT_CAPACITY_MESSAGE),
            MaxValueValidator(EVENT_CAPACITY_MAX, EVENT_CAPACITY_MESSAGE),
        ],
    )
    registration_open = models.BooleanField("inscriptions ouvertes", default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "événement"
        verbose_name_plural = "événements"

    def get_absolute_url(self):
        return reverse("network:event_detail", args=[self.slug])

    def clean(self):
        # Here rather than in a form, so that the site's form and the admin both refuse it.
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "La fin doit être après le début."})

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
    # A visitor's registration until they follow the link e-mailed to them: it holds no place
    # and is on no list (anyone can type anyone's address).
    PENDING = "pending", "À confirmer par e-mail"
    CONFIRMED = "confirmed", "Inscrit"
    WAITING = "waiting", "Liste d'attente"
    CANCELLED = "cancelled", "Annulé"


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.PENDING: "en attente de votre confirmation par e-mail",
    RegistrationStatus.CONFIRMED: "place confirmée",
    RegistrationStatus.WAITING: "liste d'attente",
    RegistrationStatus.CANCELLED: "annulée",
}


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that count: a place or a rank on the waiting list (neither cancelled
        nor still waiting for the visitor's e-mail confirmation)."""
        return self.filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING])


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
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

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
    edit_url_name = "network:resource_edit"
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
    questions = models.ManyToManyField(
        "Thread", verbose_name="questions d'acheteurs", blank=True, related_name="+"
    )
    status = models.CharField(
        "statut", max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    item_order = models.JSONField(
        "ordre des contenus",
        default=list,
        blank=True,
        help_text="Clés « section:numéro » dans l'ordre choisi\u00a0; les autres suivent.",
    )
    scheduled_for = models.DateTimeField(
        "envoi programmé le",
        null=True,
        blank=True,
        help_text="Laissez vide pour envoyer vous-même\u00a0; sinon la tâche planifiée l'envoie.",
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


class OutboxEntry(models.Model):
    """What the batch sender (outbox.py) keeps of each message it sends, whatever the message:
    a newsletter delivery, a group notification, an observatory e-mail."""

    status = models.CharField(
        "statut",
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    error = models.CharField("dernière erreur", max_length=300, blank=True)
    sent_at = models.DateTimeField("date d'envoi", null=True, blank=True)

    class Meta:
        abstract = True


class Delivery(OutboxEntry):
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


# Group workspaces -----------------------------------------------------------------------------
# A working group's members ask questions and answer each other in threads, and share their
# documents. Who may read or write is decided in apure.organisations.permissions.


class ThreadQuerySet(models.QuerySet):
    def in_group(self, group):
        return self.filter(group=group)

    def public(self):
        """Threads a facilitator published in « Questions d'acheteurs » (resolved ones only)."""
        return self.exclude(made_public_at=None).exclude(best_reply=None)

    def for_list(self):
        """What a list of threads shows, fetched in a fixed number of queries."""
        return (
            self.select_related("group", "author__organisation")
            .prefetch_related("segments", "themes")
            .annotate(reply_count=models.Count("replies"))
        )


class Thread(models.Model):
    """A question asked in a working group, and the discussion it starts."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name="groupe", on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField("question", max_length=200)
    body = models.TextField("détails", help_text="Mise en forme Markdown.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    segments = models.ManyToManyField(
        "clauses.Segment", verbose_name="segments d'achat", blank=True, related_name="+"
    )
    themes = models.ManyToManyField(
        "clauses.Theme", verbose_name="thèmes", blank=True, related_name="+"
    )
    best_reply = models.ForeignKey(
        "Reply",
        verbose_name="meilleure réponse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("posée le", default=timezone.now)
    last_activity_at = models.DateTimeField("dernière activité", default=timezone.now)
    made_public_at = models.DateTimeField("rendue publique le", null=True, blank=True)
    made_public_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rendue publique par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField("modifiée le", null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifiée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = "discussion"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:thread", args=[self.group.slug, self.pk])

    def get_public_url(self):
        return reverse("network:question", args=[self.pk])

    @property
    def is_resolved(self):
        return self.best_reply_id is not None

    @property
    def is_public(self):
        return self.made_public_at is not None and self.is_resolved


class Reply(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name="discussion", on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField("réponse", help_text="Mise en forme Markdown.")
    created_at = models.DateTimeField("écrite le", default=timezone.now)
    edited_at = models.DateTimeField("modifiée le", null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifiée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "réponse"

    def __str__(self):
        return f"Réponse {self.pk} à « {self.thread} »"


class Attachment(models.Model):
    """A file joined to a question or a reply, its type read from its bytes (uploads.py)."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField("fichier", upload_to="reseau/discussions/%Y/")
    file_format = models.CharField("format", max_length=5)
    original_name = models.CharField("nom d'origine", max_length=200)
    alt_text = models.CharField(
        "description",
        max_length=300,
        blank=True,
        help_text="Pour une photo\u00a0: ce qu'elle montre (lu à la place de l'image).",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("network:attachment", args=[self.pk])

    @property
    def is_image(self):
        return self.file_format in IMAGE_FORMATS

    @property
    def owner_thread(self):
        return self.thread if self.thread_id else self.reply.thread


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", "Compte rendu de réunion"
    WORKING = "working", "Document de travail"


class DocumentVisibility(models.TextChoices):
    GROUP = "group", "Membres du groupe"
    PUBLIC = "public", "Public"


class GroupDocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=DocumentVisibility.PUBLIC)

    def for_list(self):
        latest = DocumentVersion.objects.filter(document=models.OuterRef("pk")).order_by("-number")
        return self.select_related("group", "event").annotate(
            latest_number=models.Subquery(latest.values("number")[:1]),
            latest_at=models.Subquery(latest.values("uploaded_at")[:1]),
        )


class GroupDocument(models.Model):
    """A working group's document: meeting minutes or a working document, in versions."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name="groupe", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("nature", max_length=10, choices=DocumentKind.choices)
    visibility = models.CharField(
        "visible par",
        max_length=10,
        choices=DocumentVisibility.choices,
        default=DocumentVisibility.GROUP,
    )
    event = models.ForeignKey(
        Event,
        verbose_name="réunion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_documents",
        help_text="La réunion dont ce document est le compte rendu.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)

    objects = GroupDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "document de groupe"
        verbose_name_plural = "documents de groupe"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:document", args=[self.group.slug, self.pk])


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        GroupDocument, verbose_name="document", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("version")
    file = models.FileField("fichier", upload_to="reseau/groupes/%Y/")
    file_format = models.CharField("format", max_length=5)
    note = models.CharField("ce qui change", max_length=300, blank=True)
    # The words of the file (textextract.py), so that a search finds what the document says.
    text = models.TextField("texte du fichier", blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposée le", default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = "version"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="network_document_version_once"
            )
        ]

    def __str__(self):
        return f"{self.document} — v{self.number}"

    def get_absolute_url(self):
        return reverse("network:document_download", args=[self.pk])


# Notifications --------------------------------------------------------------------------------


class NotificationSettings(models.Model):
    """A member's choices; a member without a row gets the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_notifications"
    )
    new_threads = models.BooleanField("nouvelle question dans mes groupes", default=True)
    replies = models.BooleanField("réponse à mes questions", default=True)
    weekly_digest = models.BooleanField("résumé de la semaine", default=False)

    class Meta:
        verbose_name = "préférences de notification"
        verbose_name_plural = "préférences de notification"

    def __str__(self):
        return str(self.user)


class NotificationKind(models.TextChoices):
    # Values are the NotificationSettings fields that switch them off.
    NEW_THREAD = "new_threads", "Nouvelle question"
    REPLY = "replies", "Réponse à ma question"
    DIGEST = "weekly_digest", "Résumé de la semaine"


class Notification(OutboxEntry):
    """One e-mail to one member, in the outbox. Its key makes queuing idempotent and the
    batch sender (outbox.py) sends it at most once, as it does for the newsletter."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("type", max_length=15, choices=NotificationKind.choices)
    subject = models.CharField("objet", max_length=250)
    body = models.TextField("texte")
    created_at = models.DateTimeField("créée le", default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = "notification"

    def __str__(self):
        return self.key


# Member directory -----------------------------------------------------------------------------


class DirectoryListingQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related(
            "user__organisation__departement", "user__organisation__region"
        ).prefetch_related("segments", "user__working_groups")


class DirectoryListing(models.Model):
    """A member's consent to appear in the members' directory, and what they buy. Withdrawing
    the consent deletes the row: nothing is kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_listing"
    )
    segments = models.ManyToManyField(
        "clauses.Segment", verbose_name="segments d'achat suivis", blank=True, related_name="+"
    )
    consented_at = models.DateTimeField("consentement donné le", default=timezone.now)

    objects = DirectoryListingQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]
        verbose_name = "fiche de l'annuaire"
        verbose_name_plural = "fiches de l'annuaire"

    def __str__(self):
        return str(self.user)
