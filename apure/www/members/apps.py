from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "apure.www.members"
    label = "www_members"
    verbose_name = "Membres"
