from django.db import models


class AttemptWindow(models.Model):
    """Attempts counted in a fixed window (apure/operations/throttle.py). The key is a hash
    of the kind of attempt, the address and the client: never the address itself."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "fenêtre de tentatives"

    def __str__(self):
        return f"{self.count} tentative(s) jusqu'au {self.window_ends:%d/%m/%Y %H:%M}"
