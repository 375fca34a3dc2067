from django.apps import AppConfig


class WwwClausesConfig(AppConfig):
    name = "apure.www.clauses"
    label = "www_clauses"
    verbose_name = "Site\u00a0: clauses"
