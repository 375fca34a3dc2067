"""Production: everything from the environment, HTTPS enforced."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env, env_bool, require_secret_key

SECRET_KEY = require_secret_key(SECRET_KEY)
DEBUG = False
# `apure demo` creates a staff account and prints its password: never on a production site.
DEMO_ALLOWED = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
# includeSubDomains and preload bind every name under the site's parent domain to HTTPS, for
# a year and in browsers' built-in lists: the operator opts in, knowing the whole domain.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("APURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("APURE_HSTS_PRELOAD", False)
# `check --deploy` warns while they are off; off is the deliberate default (above), so only
# those two warnings are silenced, and only while the flag is off.
SILENCED_SYSTEM_CHECKS = [
    check
    for check, enabled in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    )
    if not enabled
]
