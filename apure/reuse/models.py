"""The materials exchange between member bodies: lots, reservations, requests, impact factors."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apure.organisations.models import Organisation
from apure.reference.models import Commune
from apure.search.text import as_document

from .choices import UNIT_SYMBOLS, Category, Condition, Price, Removal, Unit

POSITIVE = [MinValueValidator(Decimal("0.001"), "Indiquez une quantité positive.")]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"), "Indiquez un nombre positif ou nul.")]


class FactorBasis(models.TextChoices):
    PER_KG = "kg", "par kg de matériau"
    PER_PIECE = "u", "par unité (pièce)"


class ImpactFactorQuerySet(models.QuerySet):
    def in_force(self, on):
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class ImpactFactor(models.Model):
    """Greenhouse gas emitted to make a new item of a category: what reusing one avoids, at
    most. Dated and sourced reference data; facilitators edit it in the admin."""

    code = models.SlugField("code", max_length=60)
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    label = models.CharField("libellé", max_length=150)
    basis = models.CharField("base", max_length=2, choices=FactorBasis.choices)
    kgco2e = models.DecimalField(
        "kgCO2e par unité de base", max_digits=12, decimal_places=4, validators=NOT_NEGATIVE
    )
    uncertainty_pct = models.PositiveSmallIntegerField(
        "incertitude (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Laisser vide si la source ne la publie pas.",
    )
    source = models.CharField("source", max_length=300)
    source_reference = models.CharField("référence dans la source", max_length=100, blank=True)
    source_url = models.URLField("adresse de la source", blank=True)
    note = models.TextField("remarque", blank=True)
    valid_from = models.DateField("en vigueur du")
    valid_to = models.DateField("jusqu'au (exclu)", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ImpactFactorQuerySet.as_manager()

    class Meta:
        ordering = ["category", "label", "-valid_from"]
        verbose_name = "facteur d'émission évitée"
        verbose_name_plural = "facteurs d'émission évitée"
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="reuse_factor_dated_once")
        ]

    def __str__(self):
        return f"{self.label} ({self.kgco2e} kgCO2e {self.get_basis_display()})"


class LotStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    PUBLISHED = "publie", "Disponible"
    RESERVED = "reserve", "Réservé"
    HANDED_OVER = "remis", "Remis"
    WITHDRAWN = "retire", "Retiré"


class LotQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=LotStatus.PUBLISHED)

    def of(self, organisation):
        return self.filter(organisation=organisation)

    def for_listing(self):
        return self.select_related("organisation", "commune").prefetch_related("photos")


class Lot(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.CASCADE, related_name="lots"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="lot d'origine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
    )
    status = models.CharField(
        "état de l'annonce", max_length=12, choices=LotStatus.choices, default=LotStatus.DRAFT
    )
    title = models.CharField("intitulé", max_length=150)
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    description = models.TextField("description", blank=True)
    quantity = models.DecimalField("quantité", max_digits=12, decimal_places=3, validators=POSITIVE)
    unit = models.CharField("unité", max_length=2, choices=Unit.choices)
    unit_mass_kg = models.DecimalField(
        "masse estimée par unité (kg)",
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    condition = models.CharField("état", max_length=10, choices=Condition.choices)
    dimensions = models.CharField("dimensions", max_length=150, blank=True)
    site_address = models.CharField("adresse du site", max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name="commune du site", on_delete=models.PROTECT, related_name="+"
    )
    available_from = models.DateField("disponible à partir du")
    available_until = models.DateField("disponible jusqu'au", null=True, blank=True)
    removal = models.CharField("enlèvement", max_length=20, choices=Removal.choices)
    removal_notes = models.TextField("conditions d'enlèvement", blank=True)
    price = models.CharField("prix", max_length=12, choices=Price.choices, default=Price.FREE)
    price_eur = models.DecimalField(
        "prix demandé (€ HT, total)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    new_unit_value_eur = models.DecimalField(
        "valeur à neuf estimée par unité (€ HT)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="Le prix d'un équivalent neuf\u00a0: il sert à compter la dépense évitée.",
    )
    factor = models.ForeignKey(
        ImpactFactor,
        verbose_name="facteur d'émission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Laissez vide si aucun facteur de la catégorie ne correspond.",
    )
    contact_name = models.CharField("contact", max_length=150)
    contact_email = models.EmailField("e-mail du contact")
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)
    is_example = models.BooleanField("exemple", default=False)
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "lot"
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_document = as_document(
            f"{self.title} {self.get_category_display()} {self.description}"
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reuse:lot", args=[self.pk])

    @property
    def unit_symbol(self):
        return UNIT_SYMBOLS[self.unit]

    @property
    def total_mass_kg(self):
        if self.unit_mass_kg is None:
            return None
        return self.unit_mass_kg * self.quantity


class LotPhoto(models.Model):
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("photo", upload_to="reemploi/%Y/")
    alt_text = models.CharField(
        "description de la photo",
        max_length=200,
        help_text="Ce que montre la photo, pour les personnes qui ne la voient pas.",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "photo"

    def __str__(self):
        return self.alt_text


class ReservationStatus(models.TextChoices):
    REQUESTED = "demandee", "Demandée"
    ACCEPTED = "acceptee", "Acceptée"
    SCHEDULED = "planifiee", "Enlèvement planifié"
    HANDED_OVER = "remise", "Remise effectuée"
    DECLINED = "refusee", "Refusée"
    EXPIRED = "expiree", "Expirée sans réponse"
    CANCELLED = "annulee", "Annulée"


OPEN_RESERVATION = [
    ReservationStatus.REQUESTED,
    ReservationStatus.ACCEPTED,
    ReservationStatus.SCHEDULED,
]


class ReservationQuerySet(models.QuerySet):
    def involving(self, organisation):
        return self.filter(Q(requester=organisation) | Q(lot__organisation=organisation))

    def handed_over(self):
        return self.filter(status=ReservationStatus.HANDED_OVER)

    def for_listing(self):
        return self.select_related("lot", "lot__organisation", "requester")


class Reservation(models.Model):
    """A member body's request for part or all of a lot, and what became of it."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="reservations")
    requester = models.ForeignKey(
        Organisation,
        verbose_name="structure demandeuse",
        on_delete=models.CASCADE,
        related_name="reuse_reservations",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    quantity = models.DecimalField(
        "quantité demandée", max_digits=12, decimal_places=3, validators=POSITIVE
    )
    message = models.TextField("message", blank=True)
    status = models.CharField(
        "état",
        max_length=12,
        choices=ReservationStatus.choices,
        default=ReservationStatus.REQUESTED,
    )
    removal_date = models.DateField("date d'enlèvement convenue", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What was handed over, and its impact as computed on that day (kept even if the
    # factor is edited later: history does not change).
    handed_over_on = models.DateField("remis le", null=True, blank=True)
    handed_quantity = models.DecimalField(
        "quantité remise", max_digits=12, decimal_places=3, null=True, blank=True
    )
    mass_kg = models.DecimalField(
        "masse détournée (kg)", max_digits=14, decimal_places=3, null=True, blank=True
    )
    value_eur = models.DecimalField(
        "dépense évitée (€ HT)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    co2e_kg = models.DecimalField(
        "émissions évitées (kgCO2e)", max_digits=14, decimal_places=3, null=True, blank=True
    )
    co2e_uncertainty_pct = models.PositiveSmallIntegerField(null=True, blank=True)
    co2e_source = models.CharField("source du facteur", max_length=400, blank=True)
    co2e_note = models.CharField("remarque sur l'impact", max_length=300, blank=True)
    is_example = models.BooleanField("exemple", default=False)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "réservation"

    def __str__(self):
        return f"{self.requester} · {self.lot}"

    def get_absolute_url(self):
        return reverse("reuse:reservation", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_RESERVATION


class ReservationEvent(models.Model):
    """One step of a reservation's history, with who took it."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=ReservationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.at:%d/%m/%Y})"


class SearchFields(models.Model):
    """What a saved search and a request (« recherché ») both describe."""

    category = models.CharField("catégorie", max_length=20, choices=Category.choices, blank=True)
    words = models.CharField("mots", max_length=150, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name="autour de la commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    radius_km = models.PositiveSmallIntegerField("rayon (km)", null=True, blank=True)

    class Meta:
        abstract = True


class SavedSearch(SearchFields):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reuse_searches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "recherche enregistrée"

    def __str__(self):
        return self.words or self.get_category_display() or "Tous les lots"


class Wanted(SearchFields):
    """A member body looks for a material (« recherché »)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reuse_wanted"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField("ce que vous cherchez", max_length=150)
    details = models.TextField("précisions (quantité, délai, usage)", blank=True)
    needed_by = models.DateField("besoin avant le", null=True, blank=True)
    is_open = models.BooleanField("toujours recherché", default=True)
    is_example = models.BooleanField("exemple", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "matériau recherché"
        verbose_name_plural = "matériaux recherchés"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('reuse:wanted_list')}#recherche-{self.pk}"
