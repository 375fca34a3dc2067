from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apure.www.accounts"
    label = "www_accounts"
    verbose_name = "Comptes"

    def ready(self):
        from django.contrib import admin

        from .forms import AdminLoginForm

        # The admin has its own login page: it gets the same limit on failed attempts.
        admin.site.login_form = AdminLoginForm
