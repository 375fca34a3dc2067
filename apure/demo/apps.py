from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "apure.demo"
    verbose_name = "Démonstration"
