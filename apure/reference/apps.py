from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "apure.reference"
    verbose_name = "Référentiels"
