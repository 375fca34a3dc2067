"""The clause library: purchase segments, model clauses with a review workflow, revisions."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from apure.obligations.draft import nature_from_cpv
from apure.search.text import sort_key


class Nature(models.TextChoices):
    WORKS = "travaux", "Travaux"
    SUPPLIES = "fournitures", "Fournitures"
    SERVICES = "services", "Services"


class SegmentQuerySet(models.QuerySet):
    def alphabetical(self) -> list:
        """Segments in French dictionary order: « Éclairage » among the E, not after « Voirie »
        (the model's own order, `sort_key`, which every list of segments follows)."""
        return list(self.order_by(*self.model._meta.ordering))

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create sends no pre_save, which keeps the key (keep_segment_sort_key).
        objs = list(objs)
        for segment in objs:
            segment.sort_key = segment_sort_key(segment.label)
        return super().bulk_create(objs, *args, **kwargs)


# The key can be longer than the label (« œ » → « oe »): cut to the column.
SORT_KEY_LENGTH = 200


def segment_sort_key(label: str) -> str:
    return sort_key(label)[:SORT_KEY_LENGTH]


def keep_segment_sort_key(sender, instance, **kwargs):
    """pre_save of a Segment: every save, loaddata's too (a backup restored: a backup made
    before the key existed must still sort in French order), keeps the key of the label."""
    instance.sort_key = segment_sort_key(instance.label)


class Segment(models.Model):
    """A purchase segment: a family of CPV codes sharing clauses and a labour share."""

    code = models.SlugField("code", max_length=60, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    nature = models.CharField("nature", max_length=12, choices=Nature.choices)
    cpv_prefixes = models.JSONField("préfixes CPV", default=list)
    labour_share = models.DecimalField(
        "part de main-d'œuvre",
        max_digits=4,
        decimal_places=3,
        help_text="Part du montant consacrée à la main-d'œuvre (0 à 1), pour dimensionner "
        "la clause d'insertion.",
    )
    description = models.TextField("description", blank=True)
    # The label folded (search.text.sort_key), kept on every save: ordering by the label itself
    # put « Énergie » after « Voirie » on SQLite (bytes) and not on PostgreSQL (locale).
    sort_key = models.CharField(
        "clé de tri", max_length=SORT_KEY_LENGTH, editable=False, default=""
    )

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "code"]
        verbose_name = "segment d'achat"
        verbose_name_plural = "segments d'achat"

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        # The key itself is set by keep_segment_sort_key (pre_save); it must be written too.
        if kwargs.get("update_fields") is not None and "label" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clauses:segment", args=[self.code])

    @property
    def natures(self) -> set[str]:
        """Every nature of purchase the segment covers: catering is services but also foodstuffs."""
        return {
            self.nature,
            *(nature_from_cpv(prefix.ljust(8, "0")) for prefix in self.cpv_prefixes),
        }

    def prefix_length(self, cpv: str) -> int:
        """Length of the longest of this segment's prefixes that starts `cpv` (0 if none)."""
        return max((len(p) for p in self.cpv_prefixes if cpv.startswith(p)), default=0)


class Theme(models.Model):
    code = models.SlugField("code", max_length=40, primary_key=True)
    label = models.CharField("libellé", max_length=100)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["position", "label"]
        verbose_name = "thème"

    def __str__(self):
        return self.label


class Kind(models.TextChoices):
    SPECIFICATION = "technical_specification", "Spécification technique"
    AWARD_CRITERION = "award_criterion", "Critère d'attribution"
    EXECUTION_CONDITION = "execution_condition", "Condition d'exécution"
    RESERVED = "reserved_contract", "Marché réservé"
    VARIANT = "variant", "Variante"


class Difficulty(models.TextChoices):
    EASY = "facile", "Facile"
    INTERMEDIATE = "intermediaire", "Intermédiaire"
    ADVANCED = "avance", "Avancé"


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "À relire"
    PUBLISHED = "published", "Publiée"


class ClauseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def transversal(self):
        """Clauses attached to no segment: they serve every purchase."""
        return self.filter(segments__isnull=True)


class Clause(models.Model):
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    title = models.CharField("titre", max_length=250)
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    text = models.TextField("texte à insérer")
    weighting_advice = models.TextField("conseil de pondération", blank=True)
    verification = models.TextField(
        "moyens de vérification",
        blank=True,
        help_text="Justificatifs demandés, labels acceptés (R2111-12 à R2111-17 CCP).",
    )
    legal_basis = models.TextField("fondement juridique", help_text="Une référence par ligne.")
    # Reference (as written in legal_basis) → version or date of the text it cites, where known.
    legal_basis_versions = models.JSONField("versions des textes cités", default=dict, blank=True)
    segments = models.ManyToManyField(
        Segment,
        verbose_name="segments",
        related_name="clauses",
        blank=True,
        help_text="Aucun segment\u00a0: clause transversale, valable pour tous les achats.",
    )
    themes = models.ManyToManyField(Theme, verbose_name="thèmes", related_name="clauses")
    difficulty = models.CharField("difficulté", max_length=15, choices=Difficulty.choices)
    vigilance = models.TextField("points de vigilance", blank=True)
    min_amount = models.DecimalField(
        "montant minimal conseillé (€ HT)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Set when a person edits the clause: the library loader then leaves it alone.
    edited_locally = models.BooleanField("modifiée par l'animation", default=False)
    library_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    objects = ClauseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "clause"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("clauses:clause", args=[self.slug])

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def legal_references(self) -> list[tuple[str, str]]:
        """(reference, version of the cited text or "") pairs, in the clause's order."""
        versions = self.legal_basis_versions or {}
        return [(reference, versions.get(reference, "")) for reference in self.legal_basis_list]

    @property
    def legal_references_text(self) -> list[str]:
        return [
            f"{reference} — {version}" if version else reference
            for reference, version in self.legal_references
        ]

    def snapshot(self) -> dict:
        """What a revision keeps: every field a person can edit."""
        return {
            "title": self.title,
            "kind": self.kind,
            "text": self.text,
            "weighting_advice": self.weighting_advice,
            "verification": self.verification,
            "legal_basis": self.legal_basis_list,
            "segments": sorted(self.segments.values_list("code", flat=True)) if self.pk else [],
            "themes": sorted(self.themes.values_list("code", flat=True)) if self.pk else [],
            "difficulty": self.difficulty,
            "vigilance": self.vigilance,
            "min_amount": str(self.min_amount) if self.min_amount is not None else None,
            "status": self.status,
        }

    def record_revision(self, author, comment: str):
        return ClauseRevision.objects.create(
            clause=self, author=author, status=self.status, snapshot=self.snapshot(),
            comment=comment,
        )  # fmt: skip

    # Review workflow: draft → submitted → published; only facilitators publish.
    @transaction.atomic
    def submit(self, user):
        if self.status != Status.DRAFT:
            return False
        self.status = Status.SUBMITTED
        self.save(update_fields=["status", "updated_at"])
        self.record_revision(user, "Soumise à relecture")
        return True

    @transaction.atomic
    def publish(self, user):
        if not getattr(user, "is_facilitator", False):
            raise PermissionDenied("Seul un animateur du réseau peut publier une clause.")
        if self.status == Status.PUBLISHED:
            return False
        self.status = Status.PUBLISHED
        self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])
        self.record_revision(user, "Publiée")
        return True

    @transaction.atomic
    def unpublish(self, user):
        if self.status == Status.DRAFT:
            return False
        if self.status == Status.PUBLISHED and not getattr(user, "is_facilitator", False):
            raise PermissionDenied("Seul un animateur du réseau peut retirer une clause publiée.")
        self.status = Status.DRAFT
        self.save(update_fields=["status", "updated_at"])
        self.record_revision(user, "Repassée en brouillon")
        return True


class ClauseRevision(models.Model):
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField("date", default=timezone.now)
    status = models.CharField("statut", max_length=10, choices=Status.choices)
    comment = models.CharField("commentaire", max_length=250)
    snapshot = models.JSONField("contenu")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "version de clause"
        verbose_name_plural = "versions de clause"

    def __str__(self):
        return f"{self.clause} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def author_label(self):
        return str(self.author) if self.author else "Bibliothèque apure (chargement)"


class SavedProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects of the user's own body; every project for the network's facilitators."""
        from apure.organisations.permissions import can_see_body_work

        if not can_see_body_work(user, getattr(user, "organisation_id", None)):
            return self.none()
        if user.is_facilitator:
            return self
        return self.filter(organisation_id=user.organisation_id)


class SavedProject(models.Model):
    """« Mes marchés »: a buyer's project kept with what the recommender said when saved."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="structure",
        on_delete=models.CASCADE,
        related_name="saved_projects",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="saved_projects",
    )
    title = models.CharField("intitulé", max_length=500)
    inputs = models.JSONField("saisie du projet", default=dict)
    clauses = models.JSONField("clauses retenues", default=list)
    summary = models.JSONField("résultat enregistré", default=dict)
    # Unguessable read-only link; empty when not shared (or revoked).
    share_token = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = SavedProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "marché enregistré"
        verbose_name_plural = "marchés enregistrés"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("clauses:project", args=[self.pk])
