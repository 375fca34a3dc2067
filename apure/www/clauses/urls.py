from django.urls import path

from . import views

app_name = "clauses"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recommandation/", views.RecommendView.as_view(), name="recommend"),
    path("document/", views.DocumentView.as_view(), name="document"),
    path("segments/", views.SegmentListView.as_view(), name="segments"),
    path("segments/<slug:pk>/", views.SegmentView.as_view(), name="segment"),
    path("<slug:slug>/", views.ClauseView.as_view(), name="clause"),
]
