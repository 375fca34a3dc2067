from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "apure.obligations"
    verbose_name = "Obligations légales"
