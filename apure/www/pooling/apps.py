from django.apps import AppConfig


class WwwPoolingConfig(AppConfig):
    name = "apure.www.pooling"
    label = "www_pooling"
    verbose_name = "Site\u00a0: mutualisation des achats"
