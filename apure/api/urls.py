from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("indicateurs/", views.indicators_view, name="indicators"),
    path("indicateurs/<slug:code>/", views.indicator_view, name="indicator"),
    path("marches/", views.contracts_view, name="contracts"),
    path("marches/<path:uid>/", views.contract_view, name="contract"),
    path("acheteurs/<str:siret>/", views.buyer_view, name="buyer"),
    path("openapi.json", views.openapi_view, name="openapi"),
]
