from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apure.www.accounts"
    label = "www_accounts"
    verbose_name = "Comptes"
