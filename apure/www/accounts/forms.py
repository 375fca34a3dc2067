from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé. Contactez l'animation du réseau.",
    }

    def clean(self):
        # Accounts are stored with lower-case addresses; people type them as they like.
        if self.data.get("username"):
            self.cleaned_data["username"] = self.cleaned_data.get("username", "").strip().lower()
        return super().clean()
