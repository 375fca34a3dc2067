from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="list"),
    path("mon-espace/", views.MemberSpaceView.as_view(), name="space"),
    path("inviter/", views.InvitationView.as_view(), name="invite"),
    path("annuaire/", views.DirectoryView.as_view(), name="directory"),
    path("annuaire/ma-fiche/", views.DirectoryListingView.as_view(), name="directory_listing"),
    path("<slug:slug>/", views.MemberDetailView.as_view(), name="detail"),
    path("<slug:slug>/modifier/", views.MemberUpdateView.as_view(), name="edit"),
]
