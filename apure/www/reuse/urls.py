from django.urls import path

from . import views

app_name = "reuse"

urlpatterns = [
    path("", views.home, name="home"),
    path("lots/nouveau/", views.lot_create, name="lot_create"),
    path("lots/<int:pk>/", views.lot_detail, name="lot"),
    path("lots/<int:pk>/modifier/", views.lot_edit, name="lot_edit"),
    path("lots/<int:pk>/publier/", views.lot_publish, name="lot_publish"),
    path("lots/<int:pk>/retirer/", views.lot_withdraw, name="lot_withdraw"),
    path("lots/<int:pk>/demander/", views.lot_request, name="lot_request"),
    path("mes-lots/", views.my_lots, name="my_lots"),
    path("import/", views.import_inventory, name="import"),
    path("import/modele.<str:fmt>", views.import_template, name="import_template"),
    path("reservations/", views.reservations, name="reservations"),
    path("reservations/<int:pk>/", views.reservation_detail, name="reservation"),
    path(
        "reservations/<int:pk>/<str:action>/",
        views.reservation_action,
        name="reservation_action",
    ),
    path("recherches/", views.wanted_list, name="wanted_list"),
    path("alertes/", views.saved_searches, name="saved_searches"),
    path("alertes/<int:pk>/supprimer/", views.saved_search_delete, name="saved_search_delete"),
    path("impact/", views.dashboard, name="dashboard"),
    path("impact/ma-structure/", views.my_dashboard, name="my_dashboard"),
    path(
        "impact/export-<str:scope>.<str:fmt>",
        views.dashboard_export,
        name="dashboard_export",
    ),
    path("facteurs/", views.factors, name="factors"),
]
