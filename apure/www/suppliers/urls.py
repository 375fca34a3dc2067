from django.urls import path

from . import facilitation_views, views

app_name = "suppliers"

urlpatterns = [
    path("fournisseurs/", views.directory, name="directory"),
    path("fournisseurs/nouveau/", views.create, name="create"),
    path("fournisseurs/a-qualifier/", views.to_qualify, name="to_qualify"),
    path("fournisseurs/<str:siret>/", views.detail, name="detail"),
    path("fournisseurs/<str:siret>/modifier/", views.edit, name="edit"),
    path("facilitateurs/", facilitation_views.facilitators, name="facilitators"),
    path(
        "facilitateurs/<int:pk>/demander/",
        facilitation_views.request_support,
        name="request_support",
    ),
    path("facilitateurs/demandes/", facilitation_views.support_requests, name="support_requests"),
    path(
        "facilitateurs/demandes/<int:pk>/",
        facilitation_views.support_request,
        name="support_request",
    ),
    path(
        "facilitateurs/demandes/<int:pk>/<str:action>/",
        facilitation_views.support_request_action,
        name="support_request_action",
    ),
]
