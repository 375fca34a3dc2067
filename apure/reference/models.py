from django.db import models


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    zone = models.CharField(max_length=10)

    class Meta:
        ordering = ["name"]
        verbose_name = "région"

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    zone = models.CharField(max_length=10)

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=150)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    siren = models.CharField(max_length=9, blank=True, db_index=True)
    postcodes = models.CharField("codes postaux", max_length=200, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "commune"

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField(max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=10)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"

    def __str__(self):
        return self.name


class CpvCode(models.Model):
    """A code of the Common Procurement Vocabulary 2008, stored without its check digit."""

    code = models.CharField(max_length=8, primary_key=True)
    check_digit = models.CharField(max_length=1)
    label = models.CharField("libellé", max_length=400)
    label_en = models.CharField("libellé anglais", max_length=400)

    class Meta:
        ordering = ["code"]
        verbose_name = "code CPV"
        verbose_name_plural = "codes CPV"

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def division(self):
        return self.code[:2]


class LegalForm(models.Model):
    """INSEE catégorie juridique (levels 1, 2 and 3)."""

    code = models.CharField(max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField("niveau")
    label = models.CharField("libellé", max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = "catégorie juridique"
        verbose_name_plural = "catégories juridiques"

    def __str__(self):
        return f"{self.code} {self.label}"
