from django.contrib.auth import views as auth_views

from . import throttle
from .forms import clear_login_failures


class LoginView(auth_views.LoginView):
    """The site's login; a successful one marks this browser as the owner's."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.remember_device(response, form.get_user().email)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts the login limit."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_login_failures(form.user.email, throttle.client_scope(self.request))
        return response
