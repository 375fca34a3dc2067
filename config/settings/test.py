"""Test settings: strict templates, in-memory mail, fast hashing, throwaway data dir."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, TEMPLATES, env

SECRET_KEY = "test-only-key-apure-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test run gets its own data directory so that it never touches a developer's data.
DATA_DIR = Path(env("APURE_TEST_DATA_DIR", tempfile.mkdtemp(prefix="apure-test-")))
MEDIA_ROOT = DATA_DIR / "media"
ANALYTICS_DB_PATH = DATA_DIR / "decp.duckdb"
BACKUP_DIR = DATA_DIR / "sauvegardes"

# Templates fail loudly on undefined variables.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VARIABLE[%s]"

# A file-based SQLite test database: the live server used by browser tests opens its own
# connections from other threads, which an in-memory database cannot share safely.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
