from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "apure.operations"
    verbose_name = "Exploitation"
