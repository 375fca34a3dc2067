from django.contrib.auth import views as auth_views

from . import throttle
from .forms import clear_login_failures


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts the login limit."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_login_failures(form.user.email, throttle.client_ip(self.request))
        return response
