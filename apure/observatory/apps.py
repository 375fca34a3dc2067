from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "apure.observatory"
    verbose_name = "Observatoire"
