from django.contrib.contenttypes.models import ContentType
from django.db import models


class SearchEntry(models.Model):
    """The normalised text of one indexed object (see apure.search.text)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_pk = models.CharField(max_length=64)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_pk"], name="search_entry_unique"
            )
        ]
        verbose_name = "entrée d'index"
        verbose_name_plural = "entrées d'index"

    def __str__(self):
        return f"{self.content_type_id}:{self.object_pk}"


class SearchTerm(models.Model):
    """Every stem ever indexed: the vocabulary that typo tolerance looks in."""

    term = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = "terme"

    def __str__(self):
        return self.term
