"""Error views that render with the site's layout (500 and CSRF failures).

Django renders these two without context processors, since those may be what failed; the
layout only needs the site's name and the navigation, which depend on nothing but settings
and the path: they are given here directly."""

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template import loader

from .context_processors import site


def server_error(request):
    return HttpResponseServerError(loader.render_to_string("500.html", site(request)))


def csrf_failure(request, reason=""):
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", site(request)))
