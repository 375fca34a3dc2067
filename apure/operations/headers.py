"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 has no CSP support (it comes with 6.0, configured by the same SECURE_CSP setting);
django-csp would add nonces and per-view policies that a site without any script does not
need, and Permissions-Policy needs a middleware anyway: both headers are set here, from the
settings, unless a view already set them."""

from django.conf import settings


def content_security_policy(directives: dict) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in directives.items())


def permissions_policy(denied: list) -> str:
    return ", ".join(f"{feature}=()" for feature in denied)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": content_security_policy(settings.SECURE_CSP),
            "Permissions-Policy": permissions_policy(settings.PERMISSIONS_POLICY_DENIED),
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value:
                response.headers.setdefault(name, value)
        return response
