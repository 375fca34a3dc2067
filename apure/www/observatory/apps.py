from django.apps import AppConfig


class WwwObservatoryConfig(AppConfig):
    name = "apure.www.observatory"
    label = "www_observatory"
    verbose_name = "Site\u00a0: observatoire"
