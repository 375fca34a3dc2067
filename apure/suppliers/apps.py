from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "apure.suppliers"
    verbose_name = "Fournisseurs inclusifs et de l'ESS"
