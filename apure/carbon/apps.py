from django.apps import AppConfig


class CarbonConfig(AppConfig):
    name = "apure.carbon"
    label = "carbon"
    verbose_name = "Empreinte carbone des achats"
