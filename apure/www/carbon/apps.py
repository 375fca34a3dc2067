from django.apps import AppConfig


class WwwCarbonConfig(AppConfig):
    name = "apure.www.carbon"
    label = "www_carbon"
    verbose_name = "Site\u00a0: empreinte carbone des achats"
