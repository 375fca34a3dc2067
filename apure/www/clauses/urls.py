from django.urls import path

from . import views

app_name = "clauses"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recommandation/", views.RecommendView.as_view(), name="recommend"),
    path("document/", views.DocumentView.as_view(), name="document"),
    path("mes-marches/", views.ProjectListView.as_view(), name="projects"),
    path("mes-marches/enregistrer/", views.ProjectSaveView.as_view(), name="save_project"),
    path("mes-marches/<int:pk>/", views.ProjectView.as_view(), name="project"),
    path(
        "mes-marches/<int:pk>/<slug:action>/",
        views.ProjectActionView.as_view(),
        name="project_action",
    ),
    path(
        "mes-marches/partage/<str:token>/",
        views.ProjectView.as_view(),
        name="shared_project",
    ),
    path("segments/", views.SegmentListView.as_view(), name="segments"),
    path("segments/<slug:pk>/", views.SegmentView.as_view(), name="segment"),
    path("<slug:slug>/", views.ClauseView.as_view(), name="clause"),
]
