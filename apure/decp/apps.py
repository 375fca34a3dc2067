from django.apps import AppConfig


class DecpConfig(AppConfig):
    name = "apure.decp"
    verbose_name = "Données essentielles (DECP)"
