from django.apps import AppConfig


class WwwSuppliersConfig(AppConfig):
    name = "apure.www.suppliers"
    label = "www_suppliers"
    verbose_name = "Site\u00a0: fournisseurs et facilitateurs"
