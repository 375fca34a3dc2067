from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "apure.reporting"
    label = "reporting"
    verbose_name = "SPASER et déclaration AGEC"
