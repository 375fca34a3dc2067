from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "apure.network"
    verbose_name = "Réseau"
