from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "apure.organisations"
    verbose_name = "Organisations et personnes"
