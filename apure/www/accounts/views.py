import logging

from django.contrib.auth import views as auth_views

from apure.operations import throttle

from .forms import clear_login_failures

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    """The site's login; a successful one marks this browser as the owner's."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.remember_device(response, form.get_user().email)
        return response


def run_after_response(response, task):
    """Runs `task` once the response has been sent. A WSGI server calls the response's close()
    after writing its last byte, and Django's test client calls it too before handing the
    response over, so tests see the task done (e.g. the mail in the locmem outbox).

    The task runs before Django's own close(), which ends the request (its request_finished
    signal closes the database connection). A failure is logged, never shown: the answer left."""
    close = response.close

    def run_then_close():
        try:
            task()
        except Exception:
            logger.exception("Tâche après la réponse en échec")
        finally:
            close()

    response.close = run_then_close
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Whether the typed address has an account must not show in the answer, nor in its
    timing: looking the account up and sending the e-mail (templates, token, SMTP) take time
    that an unknown address would not. So the request only checks the form and answers, the
    same way for every address; the lookup and the e-mail happen after the answer has left.
    (A thread would also do, but it would need its own database connection and would race
    with the tests; the response's close() is the same process, in order, after the reply.)"""

    def form_valid(self, form):
        response = super().form_valid(form)  # form.save() only prepares the e-mail
        return run_after_response(response, form.send_prepared)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts the login limit."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_login_failures(form.user.email, throttle.client_scope(self.request))
        return response
