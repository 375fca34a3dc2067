from django.apps import AppConfig


class WwwReportingConfig(AppConfig):
    name = "apure.www.reporting"
    label = "www_reporting"
    verbose_name = "Site\u00a0: SPASER et déclaration AGEC"
