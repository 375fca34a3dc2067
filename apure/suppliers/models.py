from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apure.search.text import as_document

from . import kinds as kind_codes
from .activities import naf_label, normalise_naf
from .communes import departement_of

# A record whose source is older than this is shown as « ancienne » (structures close, move
# and open every year; the SIAE list of July 2019 is the case in point).
STALE_AFTER = timedelta(days=2 * 365)


def today() -> date:
    """The current day (one place, so that tests can fix it)."""
    return timezone.localdate()


class SupplierQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kinds__contains=kind_codes.needle(kind))


class Supplier(models.Model):
    siret = models.CharField("SIRET", max_length=14, unique=True)
    siren = models.CharField("SIREN", max_length=9, db_index=True, editable=False)
    name = models.CharField("nom", max_length=200)
    kinds = models.CharField("types", max_length=100, help_text="Codes séparés par des virgules.")
    naf = models.CharField("code NAF", max_length=6, blank=True)
    legal_form = models.CharField("forme juridique", max_length=150, blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    post_code = models.CharField("code postal", max_length=5, blank=True)
    commune_name = models.CharField("commune", max_length=150, blank=True)
    commune_code = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)
    activities = models.TextField("activités", blank=True)
    territory = models.CharField("territoire d'intervention", max_length=250, blank=True)
    website = models.URLField("site internet", blank=True)
    source = models.CharField("source", max_length=200)
    source_date = models.DateField("date de la source")
    search_document = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name", "siret"]
        verbose_name = "fournisseur inclusif"
        verbose_name_plural = "fournisseurs inclusifs"
        indexes = [models.Index(fields=["commune_code"])]

    def __str__(self):
        return f"{self.name} ({self.siret})"

    def save(self, *args, **kwargs):
        self.prepare()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "siren", "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("suppliers:detail", args=[self.siret])

    def prepare(self):
        """Derived columns; called by save() and before bulk_create (which skips save())."""
        self.siren = self.siret[:9]
        self.naf = normalise_naf(self.naf)
        self.departement = departement_of(self.commune_code, self.post_code) or self.departement
        self.search_document = as_document(
            f"{self.name} {self.activities} {self.commune_name} {self.territory}"
        )

    @property
    def postal_address(self) -> str:
        town = " ".join(part for part in (self.post_code, self.commune_name) if part)
        return ", ".join(part for part in (self.address, town) if part)

    @property
    def kind_list(self) -> list[str]:
        return kind_codes.unpack(self.kinds)

    @property
    def kind_labels(self) -> list[str]:
        return [kind_codes.label(code) for code in self.kind_list]

    @property
    def naf_label(self) -> str:
        return naf_label(self.naf) if self.naf else ""

    @property
    def is_stale(self) -> bool:
        return self.source_date < today() - STALE_AFTER
