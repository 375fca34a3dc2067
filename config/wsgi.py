import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()
# Every view module is imported now, while the process starts, rather than during the first
# request it serves (about half a second of imports: bench/RESULTS.md).
get_resolver().url_patterns  # noqa: B018 -- the property loads the URLconf
