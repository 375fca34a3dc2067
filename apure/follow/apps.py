from django.apps import AppConfig


class FollowConfig(AppConfig):
    name = "apure.follow"
    verbose_name = "Suivis et signalements de l'observatoire"
