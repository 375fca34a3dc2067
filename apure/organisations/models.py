from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from apure.reference.identifiers import clean_digits, is_valid_siren, is_valid_siret
from apure.reference.models import Departement, Region


def validate_siren(value):
    if not is_valid_siren(value):
        raise ValidationError(
            "Le SIREN « %(value)s » est invalide (9 chiffres, clé de contrôle).",
            params={"value": value},
        )


def validate_siret(value):
    if not is_valid_siret(value):
        raise ValidationError(
            "Le SIRET « %(value)s » est invalide (14 chiffres, clé de contrôle).",
            params={"value": value},
        )


class OrganisationKind(models.TextChoices):
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "EPCI (intercommunalité)"
    COMMUNE = "commune", "Commune"
    ETAT = "etat", "État et services déconcentrés"
    HOPITAL = "hopital", "Établissement de santé"
    ETABLISSEMENT_PUBLIC = "etablissement-public", "Établissement public"
    GIP = "gip", "Groupement d'intérêt public"
    ENTITE_ADJUDICATRICE = "entite-adjudicatrice", "Entité adjudicatrice (opérateur de réseau)"
    ASSOCIATION = "association", "Association"
    AUTRE = "autre", "Autre"


class OrganisationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(is_member=True)


class Organisation(models.Model):
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField("sigle", max_length=50, blank=True)
    siren = models.CharField(
        "SIREN", max_length=9, blank=True, validators=[validate_siren], db_index=True
    )
    siret = models.CharField(
        "SIRET du siège", max_length=14, blank=True, validators=[validate_siret]
    )
    kind = models.CharField("type", max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, null=True, blank=True
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, null=True, blank=True
    )
    territory_code = models.CharField(
        "code du territoire",
        max_length=9,
        blank=True,
        help_text="Code INSEE (région, département, commune) ou SIREN de l'EPCI.",
    )
    is_member = models.BooleanField("membre du réseau", default=False)
    is_founder = models.BooleanField("membre fondateur", default=False)
    website = models.URLField("site web", blank=True)
    description = models.TextField("présentation", blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name or self.name)[:200]
        self.siren = clean_digits(self.siren, 9) if self.siren else ""
        self.siret = clean_digits(self.siret, 14) if self.siret else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.slug])


class Role(models.TextChoices):
    MEMBER = "member", "Membre (acheteur d'une structure membre)"
    FACILITATOR = "facilitator", "Animateur du réseau"
    ADMINISTRATOR = "administrator", "Administrateur"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person with an account; logs in with an e-mail address."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField("fonction", max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_facilitator(self):
        return self.is_active and (
            self.role in (Role.FACILITATOR, Role.ADMINISTRATOR) or self.is_superuser
        )

    @property
    def is_administrator(self):
        return self.is_active and (self.role == Role.ADMINISTRATOR or self.is_superuser)
