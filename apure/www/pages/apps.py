from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "apure.www.pages"
    label = "www_pages"
    verbose_name = "Pages du site"
