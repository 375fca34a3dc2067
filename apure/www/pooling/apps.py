from django.apps import AppConfig


class WwwPoolingConfig(AppConfig):
    name = "apure.www.pooling"
    label = "www_pooling"
    verbose_name = "Site : mutualisation des achats"
