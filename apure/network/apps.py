from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "apure.network"
    verbose_name = "Réseau"

    def ready(self):
        from . import search_index

        search_index.register()
