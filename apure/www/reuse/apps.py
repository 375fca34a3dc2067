from django.apps import AppConfig


class WwwReuseConfig(AppConfig):
    name = "apure.www.reuse"
    label = "www_reuse"
    verbose_name = "Site : réemploi"
