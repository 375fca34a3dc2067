from django.urls import path

from . import facilitation_views, insertion_views, views

app_name = "suppliers"

urlpatterns = [
    path("fournisseurs/", views.directory, name="directory"),
    path("fournisseurs/nouveau/", views.create, name="create"),
    path("fournisseurs/a-qualifier/", views.to_qualify, name="to_qualify"),
    path("fournisseurs/<str:siret>/", views.detail, name="detail"),
    path("fournisseurs/<str:siret>/modifier/", views.edit, name="edit"),
    path("facilitateurs/", facilitation_views.facilitators, name="facilitators"),
    path("facilitateurs/nouveau/", insertion_views.facilitator_edit, name="facilitator_create"),
    path(
        "facilitateurs/<int:pk>/modifier/",
        insertion_views.facilitator_edit,
        name="facilitator_edit",
    ),
    path("facilitateurs/suivi/", insertion_views.follow_ups, name="follow_ups"),
    path("facilitateurs/suivi/nouveau/", insertion_views.follow_up_create, name="follow_up_create"),
    path("facilitateurs/suivi/<int:pk>/", insertion_views.follow_up, name="follow_up"),
    path(
        "facilitateurs/suivi/<int:pk>/heures/",
        insertion_views.follow_up_hours,
        name="follow_up_hours",
    ),
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
