from django.urls import path, re_path

from . import ocds_views, views

app_name = "api"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("indicateurs/", views.indicators_view, name="indicators"),
    path("indicateurs/<slug:code>/", views.indicator_view, name="indicator"),
    path("ocds/marches/", ocds_views.package_view, name="ocds_package"),
    path("ocds/marches/<path:uid>/", ocds_views.release_view, name="ocds_release"),
    path("ocds/extension/<str:name>", ocds_views.extension_view, name="ocds_extension"),
    path("marches/", views.contracts_view, name="contracts"),
    path("marches/<path:uid>/", views.contract_view, name="contract"),
    path("acheteurs/<str:siret>/", views.buyer_view, name="buyer"),
    path("openapi.json", views.openapi_view, name="openapi"),
    # Last: every other path under /api/ answers a JSON 404, not the site's HTML page.
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
