from django.urls import path

from . import views

app_name = "spaser"

urlpatterns = [
    path("", views.spaser_index, name="index"),
    path("<slug:slug>/", views.workspace, name="workspace"),
    path("<slug:slug>/schema/", views.scheme_edit, name="scheme_edit"),
    path("<slug:slug>/objectifs/nouveau/", views.objective_edit, name="objective_create"),
    path("<slug:slug>/objectifs/<int:pk>/", views.objective_edit, name="objective_edit"),
    path(
        "<slug:slug>/objectifs/<int:pk>/supprimer/",
        views.objective_delete,
        name="objective_delete",
    ),
    path("<slug:slug>/rapport-<int:year>/", views.report, name="report"),
    path("<slug:slug>/rapport-<int:year>/publier/", views.report_publish, name="report_publish"),
    path("<slug:slug>/rapport-<int:year>.pdf", views.report_pdf, name="report_pdf"),
]
