"""Settings shared by every environment; values come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Where the SQLite file, the analytical DuckDB file and uploaded media live.
DATA_DIR = Path(env("APURE_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Domain packages.
    "apure.reference",
    "apure.organisations",
    "apure.decp",
    "apure.observatory",
    "apure.obligations",
    "apure.clauses",
    "apure.network",
    "apure.reuse",
    "apure.reporting",
    "apure.carbon",
    "apure.suppliers",
    "apure.facilitation",
    "apure.follow",
    "apure.search",
    "apure.demo",
    "apure.operations",
    # User-facing features.
    "apure.www.pages",
    "apure.www.accounts",
    "apure.www.members",
    "apure.www.observatory",
    "apure.www.clauses",
    "apure.www.network",
    "apure.www.pooling",
    "apure.www.reuse",
    "apure.www.reporting",
    "apure.www.carbon",
    "apure.www.suppliers",
    "apure.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apure.operations.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "apure" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apure.www.pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'apure.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web, imports) share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Login and reset throttling and registration reminders count in the cache: a table of the
# database, so that every web process shares the counts (a per-process memory cache would let
# each process allow the limit again). Created by a migration (organisations 0003).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "apure_cache",
        # Culling drops counts: keep it for floods far beyond any real use.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Analytical store (DuckDB), rebuilt atomically by the DECP pipeline.
ANALYTICS_DB_PATH = Path(env("APURE_ANALYTICS_DB", str(DATA_DIR / "decp.duckdb")))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "members:space"
LOGOUT_REDIRECT_URL = "pages:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise expects the folder even before collectstatic (it serves app folders in DEBUG).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: SMTP by default, configured from the environment.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "apure <ne-pas-repondre@apure.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Public base URL, used in e-mails (password reset, newsletter links).
SITE_URL = env("APURE_SITE_URL", "http://127.0.0.1:8000")
CSRF_FAILURE_VIEW = "apure.www.pages.errors.csrf_failure"
# OCDS ocid prefix (docs/OCDS.md). The default is a provisional, unregistered placeholder:
# register one with the Open Contracting Partnership before publishing OCDS data officially.
OCDS_PREFIX = env("APURE_OCDS_PREFIX", "ocds-apure0")
# Reverse proxies in front of the site that add X-Forwarded-For (0: clients connect directly).
# The client address limits login attempts (apure/operations/throttle.py).
TRUSTED_PROXIES = int(env("APURE_TRUSTED_PROXIES", "0"))
SITE_NAME = "apure"
# Who runs this instance, for the contact links and the legal notice (set them in production).
CONTACT_EMAIL = env("APURE_CONTACT_EMAIL", "animation@apure.localhost")
PUBLISHER = env("APURE_PUBLISHER", "")  # directeur ou directrice de la publication
HOSTING = env("APURE_HOSTING", "")  # hébergeur : nom, adresse, téléphone

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (apure/operations/headers.py): same name and shape as Django 6.0's
# setting, whose middleware replaces ours on upgrade. Pages have no inline script and no
# <style> element (tests/operations/test_headers.py checks the templates).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # style="" attributes only: the colour swatches of the observatory's map legend and the
    # preview of the newsletter (an e-mail carries its own styles).
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features no page uses, denied to every origin (Permissions-Policy).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}


def require_secret_key(value):
    if not value or len(value) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY doit être défini dans l'environnement (au moins 50 caractères)."
        )
    return value


# Réseau
# Largest document a member may upload to the resource library (bytes).
NETWORK_DOCUMENT_MAX_BYTES = int(env("NETWORK_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Largest news image (bytes).
NETWORK_IMAGE_MAX_BYTES = int(env("NETWORK_IMAGE_MAX_BYTES", str(2 * 1024 * 1024)))
# Event registrations are deleted this many days after the event.
NETWORK_RETENTION_DAYS = int(env("NETWORK_RETENTION_DAYS", str(3 * 365)))
# Newsletter subscriptions never confirmed are deleted after this many days.
NETWORK_UNCONFIRMED_RETENTION_DAYS = int(env("NETWORK_UNCONFIRMED_RETENTION_DAYS", "30"))
# Validity of the newsletter confirmation link (days).
NETWORK_CONFIRMATION_MAX_AGE_DAYS = int(env("NETWORK_CONFIRMATION_MAX_AGE_DAYS", "7"))
# Messages sent over one SMTP connection by `apure newsletter_send`.
NETWORK_NEWSLETTER_BATCH_SIZE = int(env("NETWORK_NEWSLETTER_BATCH_SIZE", "50"))
# National DECP files fetched by `apure decp_fetch` (stable data.gouv.fr resource links that
# redirect to the current file; see docs/decp.md). Override with a comma-separated list.
DECP_SOURCES = env_list(
    "APURE_DECP_SOURCES",
    "https://www.data.gouv.fr/api/1/datasets/r/4fafdaff-b697-4494-9523-e9f56916fea8,"
    "https://www.data.gouv.fr/api/1/datasets/r/d00a6a5a-beef-442e-8aee-5867f47a87d0,"
    "https://www.data.gouv.fr/api/1/datasets/r/2551ad40-584a-42fd-b3cc-e8906183287e",
)
DECP_DOWNLOAD_DIR = DATA_DIR / "decp-downloads"

# Exploitation (apure/operations, docs/PRODUCTION.md)
# Where `apure backup` writes its archives by default (put it on another disk, or copy off).
BACKUP_DIR = Path(env("APURE_BACKUP_DIR", str(DATA_DIR / "sauvegardes")))
# `apure health` and /sante/: below this free space in APURE_DATA_DIR the instance is
# degraded (an import writes the next store beside the current one: keep room for both).
HEALTH_MIN_FREE_DISK_MB = int(env("APURE_HEALTH_MIN_FREE_DISK_MB", "2048"))
# Degraded when the last import that brought data is older than this (decp_fetch runs nightly).
HEALTH_MAX_IMPORT_AGE_DAYS = int(env("APURE_HEALTH_MAX_IMPORT_AGE_DAYS", "8"))

# `apure demo` (example accounts and content) runs everywhere but in production (prod.py).
DEMO_ALLOWED = True
