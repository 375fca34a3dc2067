from django.apps import AppConfig


class WwwCarbonConfig(AppConfig):
    name = "apure.www.carbon"
    label = "www_carbon"
    verbose_name = "Site : empreinte carbone des achats"
