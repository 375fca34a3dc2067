from django.apps import AppConfig


class WwwReuseConfig(AppConfig):
    name = "apure.www.reuse"
    label = "www_reuse"
    verbose_name = "Site\u00a0: réemploi"
