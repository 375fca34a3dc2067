from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "apure.api"
    verbose_name = "API"
