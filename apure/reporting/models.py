"""What a member body edits for its yearly duties: its SPASER (scheme, objectives, values only it
knows, yearly report) and its AGEC art. 58 declaration. Figures the DECP store can give are
computed (apure.reporting.spaser, apure.reporting.agec), never stored here."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from apure.organisations.models import Organisation

YEAR = [MinValueValidator(2015), MaxValueValidator(2100)]
AMOUNT = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}
NOT_NEGATIVE = [MinValueValidator(0)]


class Status(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    PUBLISHED = "publie", "Publié"


class SpaserScheme(models.Model):
    """A body's current SPASER (one per body; a new scheme replaces the period and objectives)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="spaser_scheme"
    )
    title = models.CharField("intitulé", max_length=200, default="Schéma de promotion des achats")
    adopted_on = models.DateField("adopté le", null=True, blank=True)
    deliberation = models.CharField(
        "délibération",
        max_length=200,
        blank=True,
        help_text="Numéro et date de la délibération d'adoption, par exemple « n° 2024-118 ».",
    )
    period_start = models.PositiveSmallIntegerField("première année", validators=YEAR)
    period_end = models.PositiveSmallIntegerField("dernière année", validators=YEAR)
    joint_with = models.ManyToManyField(
        Organisation,
        verbose_name="schéma commun avec",
        blank=True,
        related_name="joint_spaser_schemes",
        help_text="Les autres structures d'un schéma commun\u00a0; les indicateurs restent propres "
        "à chaque structure.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "SPASER"
        verbose_name_plural = "SPASER"

    def __str__(self):
        return f"{self.title} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("spaser:workspace", args=[self.organisation.slug])


class ObjectiveCategory(models.TextChoices):
    INSERTION = "insertion", "Insertion sociale"
    DISABILITY = "handicap", "Handicap"
    ESS = "ess", "Économie sociale et solidaire"
    ENVIRONMENT = "environnement", "Environnement"
    CIRCULAR = "economie-circulaire", "Économie circulaire"
    OTHER = "autre", "Autre catégorie"


class Measure(models.TextChoices):
    """How the yearly value of an objective is obtained: from the DECP store, or entered."""

    SOCIAL_COUNT = "social-nombre", "Part des marchés avec considération sociale (en nombre)"
    SOCIAL_AMOUNT = "social-montant", "Part des marchés avec considération sociale (en valeur)"
    ENV_COUNT = (
        "environnement-nombre",
        ("Part des marchés avec considération environnementale (en nombre)"),
    )
    ENV_AMOUNT = (
        "environnement-montant",
        ("Part des marchés avec considération environnementale (en valeur)"),
    )
    RESERVED_COUNT = "reserve-nombre", "Part des marchés réservés (en nombre)"
    ENTERED = "saisie", "Valeur saisie chaque année par la structure"


class Unit(models.TextChoices):
    PERCENT = "pourcent", "%"
    HOURS = "heures", "heures d'insertion"
    TCO2E = "tco2e", "tCO2e"
    EUROS = "euros", "€ HT"
    COUNT = "nombre", "nombre"


class Objective(models.Model):
    scheme = models.ForeignKey(SpaserScheme, on_delete=models.CASCADE, related_name="objectives")
    category = models.CharField("catégorie", max_length=30, choices=ObjectiveCategory.choices)
    label = models.CharField("objectif", max_length=250)
    measure = models.CharField(
        "mesure",
        max_length=30,
        choices=Measure.choices,
        help_text="Les parts de marchés sont calculées chaque année à partir des données "
        "essentielles (DECP)\u00a0; les autres valeurs sont saisies par la structure.",
    )
    unit = models.CharField("unité", max_length=10, choices=Unit.choices)
    baseline_year = models.PositiveSmallIntegerField("année de référence", validators=YEAR)
    baseline_value = models.DecimalField(
        "valeur de référence", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField("année cible", validators=YEAR)
    target_value = models.DecimalField("cible", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = "objectif"

    def __str__(self):
        return self.label

    @property
    def is_computed(self) -> bool:
        return self.measure != Measure.ENTERED


class EnteredValue(models.Model):
    """A yearly value only the body knows (insertion hours done, share of AGEC purchases…)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField("année", validators=YEAR)
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    source = models.CharField(
        "origine de la valeur",
        max_length=250,
        help_text="Par exemple « bilan du facilitateur des clauses d'insertion ».",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["objective", "year"], name="one_value_per_year")
        ]
        ordering = ["year"]

    def __str__(self):
        return f"{self.objective} · {self.year}"


class SpaserReport(models.Model):
    """The yearly report: draft, then published; public online only if the body opts in."""

    scheme = models.ForeignKey(SpaserScheme, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField("année", validators=YEAR)
    actions = models.TextField(
        "actions menées",
        blank=True,
        help_text="Ce que la structure a fait dans l'année, en quelques paragraphes.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(
        "publier en ligne",
        default=False,
        help_text="Le rapport publié est alors consultable par tous à une adresse stable.",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="one_report_per_year")
        ]
        ordering = ["-year"]

    def __str__(self):
        return f"Rapport SPASER {self.year} · {self.scheme.organisation}"

    def get_absolute_url(self):
        return reverse("spaser:report", args=[self.scheme.organisation.slug, self.year])

    @property
    def is_online(self) -> bool:
        return self.status == Status.PUBLISHED and self.is_public


class AgecDeclaration(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agec_declarations"
    )
    year = models.PositiveSmallIntegerField("année civile des dépenses", validators=YEAR)
    siret = models.CharField(
        "SIRET déclarant",
        max_length=14,
        blank=True,
        help_text="14 chiffres, obligatoire pour l'export vers data.gouv.fr.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_declaration_per_year"
            )
        ]
        ordering = ["-year", "organisation__name"]
        verbose_name = "déclaration AGEC"

    def __str__(self):
        return f"Déclaration AGEC {self.year} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("agec:declaration", args=[self.organisation.slug, self.year])


class Origin(models.TextChoices):
    """Where a declared amount comes from: the buyer sees which figures to check."""

    UNKNOWN = "", "Non renseigné"
    DECP = "decp", "Estimation d'après les DECP"
    EXCHANGE = "bourse", "Bourse de réemploi"
    ENTERED = "saisi", "Saisi"


class AgecLine(models.Model):
    """One of the 17 categories of décret 2024-134 in a declaration; amounts in € HT."""

    declaration = models.ForeignKey(AgecDeclaration, on_delete=models.CASCADE, related_name="lines")
    category = models.PositiveSmallIntegerField("catégorie")
    total_eur = models.DecimalField("montant total", validators=NOT_NEGATIVE, **AMOUNT)
    total_origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    reuse_eur = models.DecimalField(
        "réemploi, réutilisation et dons", validators=NOT_NEGATIVE, **AMOUNT
    )
    reuse_origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    donation_eur = models.DecimalField("dont dons", validators=NOT_NEGATIVE, **AMOUNT)
    donation_origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    recycled_eur = models.DecimalField("matières recyclées", validators=NOT_NEGATIVE, **AMOUNT)
    recycled_origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    comment = models.CharField("commentaire", max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "category"], name="one_line_per_category"
            )
        ]
        ordering = ["category"]

    def __str__(self):
        return f"{self.declaration} · catégorie {self.category}"
