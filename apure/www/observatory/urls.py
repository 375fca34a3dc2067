from django.urls import path, register_converter

from . import follow_views, views
from .feeds import ContractFeed


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "observatory"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("qualite/", views.quality, name="quality"),
    path("marches/", views.contract_list, name="contracts"),
    path("marches/export.<fmt:fmt>", views.contract_export, name="contract_export"),
    path("marches/flux.atom", ContractFeed(), name="contract_feed"),
    path("marches/<path:uid>/", views.contract, name="contract"),
    path("acheteurs/<str:siret>/", views.buyer, name="buyer"),
    path("segments/<slug:code>/", views.segment, name="segment"),
    path("cpv/<str:division>/", views.cpv_division, name="cpv_division"),
    path("territoires/region/<str:code>/", views.region, name="region"),
    path("territoires/departement/<str:code>/", views.departement, name="departement"),
    path("indicateurs/<slug:code>/", views.indicator, name="indicator"),
    path("indicateurs/<slug:code>.<fmt:fmt>", views.indicator_export, name="indicator_export"),
    # Follows and error reports (apure.follow): their own module, their own routes.
    *follow_views.urlpatterns,
]
