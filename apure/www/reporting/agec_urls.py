from django.urls import path

from . import views

app_name = "agec"

urlpatterns = [
    path("", views.agec_index, name="index"),
    path("<slug:slug>/ouvrir/", views.agec_open, name="open"),
    path("<slug:slug>/<int:year>/", views.agec_declaration, name="declaration"),
    path("<slug:slug>/<int:year>/preremplir/", views.agec_refresh, name="refresh"),
    path("<slug:slug>/<int:year>/export.csv", views.agec_export, name="export"),
]
