from django.apps import AppConfig


class ClausesConfig(AppConfig):
    name = "apure.clauses"
    verbose_name = "Clauses"
