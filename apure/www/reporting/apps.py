from django.apps import AppConfig


class WwwReportingConfig(AppConfig):
    name = "apure.www.reporting"
    label = "www_reporting"
    verbose_name = "Site : SPASER et déclaration AGEC"
