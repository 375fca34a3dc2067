from django.apps import AppConfig


class WwwNetworkConfig(AppConfig):
    name = "apure.www.network"
    label = "www_network"
    verbose_name = "Site\u00a0: réseau"
