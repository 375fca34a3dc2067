from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "apure.search"
    verbose_name = "Recherche"
