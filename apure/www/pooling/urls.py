from django.urls import path

from . import views

app_name = "pooling"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/<str:code>/<slug:purchase>/", views.scope, name="scope"),
    path(
        "<slug:kind>/<str:code>/<slug:purchase>/calendrier.<str:fmt>",
        views.export,
        name="export",
    ),
]
