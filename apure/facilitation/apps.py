from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "apure.facilitation"
    verbose_name = "Facilitateurs des clauses sociales"
