from django.apps import AppConfig


class ReuseConfig(AppConfig):
    name = "apure.reuse"
    verbose_name = "Réemploi"
