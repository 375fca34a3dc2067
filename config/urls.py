from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apure.www.pages.urls")),
    path("compte/", include("apure.www.accounts.urls")),
    path("membres/", include("apure.www.members.urls")),
    path("observatoire/", include("apure.www.observatory.urls")),
    path("clauses/", include("apure.www.clauses.urls")),
    path("reseau/", include("apure.www.network.urls")),
    path("api/", include("apure.api.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "apure.www.pages.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
