from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from apure.operations.views import health

urlpatterns = [
    path("", include("apure.www.pages.urls")),
    path("compte/", include("apure.www.accounts.urls")),
    path("membres/", include("apure.www.members.urls")),
    path("observatoire/methode/carbone/", include("apure.www.carbon.urls")),
    path("observatoire/", include("apure.www.observatory.urls")),
    path("clauses/", include("apure.www.clauses.urls")),
    path("reseau/", include("apure.www.network.urls")),
    path("outils/mutualisation/", include("apure.www.pooling.urls")),
    path("outils/reemploi/", include("apure.www.reuse.urls")),
    path("outils/spaser/", include("apure.www.reporting.spaser_urls")),
    path("outils/agec/", include("apure.www.reporting.agec_urls")),
    path("outils/", include("apure.www.suppliers.urls")),
    path("api/", include("apure.api.urls")),
    path("admin/", admin.site.urls),
    path("sante/", health, name="health"),
]

# JSON under /api/, the site's page elsewhere.
handler500 = "apure.api.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
