from django.urls import path

from . import feeds
from .views import (
    events,
    groups,
    home,
    moderation,
    news,
    newsletter,
    pages,
    resources,
    search,
    workspace,
)

app_name = "network"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("recherche/", search.SearchView.as_view(), name="search"),
    # Working groups
    path("groupes/", groups.GroupListView.as_view(), name="group_list"),
    path("groupes/<slug:slug>/", groups.GroupDetailView.as_view(), name="group"),
    path(
        "groupes/<slug:slug>/adhesion/",
        groups.GroupMembershipView.as_view(),
        name="group_membership",
    ),
    # Group workspaces
    path(
        "groupes/<slug:slug>/discussions/",
        workspace.ThreadListView.as_view(),
        name="thread_list",
    ),
    path(
        "groupes/<slug:slug>/discussions/nouvelle/",
        workspace.ThreadCreateView.as_view(),
        name="thread_create",
    ),
    path(
        "groupes/<slug:slug>/discussions/<int:pk>/",
        workspace.ThreadDetailView.as_view(),
        name="thread",
    ),
    path(
        "groupes/<slug:slug>/discussions/<int:pk>/modifier/",
        workspace.ThreadEditView.as_view(),
        name="thread_edit",
    ),
    path(
        "groupes/<slug:slug>/discussions/<int:pk>/reponses/<int:reply>/modifier/",
        workspace.ReplyEditView.as_view(),
        name="reply_edit",
    ),
    path(
        "groupes/<slug:slug>/discussions/<int:pk>/meilleure-reponse/",
        workspace.BestReplyView.as_view(),
        name="thread_best_reply",
    ),
    path(
        "groupes/<slug:slug>/discussions/<int:pk>/publication/",
        workspace.ThreadPublicationView.as_view(),
        name="thread_publication",
    ),
    path("pieces-jointes/<int:pk>/", workspace.AttachmentView.as_view(), name="attachment"),
    path(
        "groupes/<slug:slug>/documents/",
        workspace.DocumentListView.as_view(),
        name="document_list",
    ),
    path(
        "groupes/<slug:slug>/documents/nouveau/",
        workspace.DocumentCreateView.as_view(),
        name="document_create",
    ),
    path(
        "groupes/<slug:slug>/documents/<int:pk>/",
        workspace.DocumentDetailView.as_view(),
        name="document",
    ),
    path(
        "documents/versions/<int:pk>/",
        workspace.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    # Public answers
    path("questions/", workspace.QuestionListView.as_view(), name="question_list"),
    path("questions/<int:pk>/", workspace.QuestionDetailView.as_view(), name="question"),
    # Notifications of the workspaces
    path(
        "notifications/",
        workspace.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path(
        "notifications/desinscription/<str:token>/",
        workspace.NotificationUnsubscribeView.as_view(),
        name="notifications_unsubscribe",
    ),
    # News
    path("actualites/", news.NewsListView.as_view(), name="news_list"),
    path("actualites/rss/", feeds.NewsFeed(), name="news_rss"),
    path("actualites/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("actualites/nouvelle/", news.NewsCreateView.as_view(), name="news_create"),
    path("actualites/<slug:slug>/", news.NewsDetailView.as_view(), name="news_detail"),
    path("actualites/<slug:slug>/image/", news.NewsImageView.as_view(), name="news_image"),
    path("actualites/<slug:slug>/modifier/", news.NewsUpdateView.as_view(), name="news_edit"),
    # Events
    path("evenements/", events.EventListView.as_view(), name="event_list"),
    path("evenements/calendrier.ics", events.CalendarFeedView.as_view(), name="calendar"),
    path("evenements/nouveau/", events.EventCreateView.as_view(), name="event_create"),
    path(
        "evenements/inscription/<uuid:token>/",
        events.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path(
        "evenements/confirmation/<str:token>/",
        events.RegistrationConfirmView.as_view(),
        name="registration_confirm",
    ),
    path("evenements/<slug:slug>/", events.EventDetailView.as_view(), name="event_detail"),
    path("evenements/<slug:slug>.ics", events.EventIcsView.as_view(), name="event_ics"),
    path(
        "evenements/<slug:slug>/inscription/",
        events.EventRegisterView.as_view(),
        name="event_register",
    ),
    path(
        "evenements/<slug:slug>/inscrits/",
        events.EventRegistrantsView.as_view(),
        name="event_registrants",
    ),
    path(
        "evenements/<slug:slug>/inscrits.csv",
        events.EventRegistrantsCsvView.as_view(),
        name="event_registrants_csv",
    ),
    path("evenements/<slug:slug>/modifier/", events.EventUpdateView.as_view(), name="event_edit"),
    # Resources
    path("ressources/", search.ResourceListView.as_view(), name="resource_list"),
    path("ressources/rss/", feeds.ResourceFeed(), name="resource_rss"),
    path("ressources/atom/", feeds.ResourceAtomFeed(), name="resource_atom"),
    path("ressources/proposer/", resources.ResourceCreateView.as_view(), name="resource_create"),
    path("ressources/<slug:slug>/", resources.ResourceDetailView.as_view(), name="resource_detail"),
    path(
        "ressources/<slug:slug>/document/",
        resources.ResourceDownloadView.as_view(),
        name="resource_download",
    ),
    path(
        "ressources/<slug:slug>/modifier/",
        resources.ResourceUpdateView.as_view(),
        name="resource_edit",
    ),
    # Newsletter
    path("lettre/", newsletter.NewsletterView.as_view(), name="newsletter"),
    path("lettre/inscription/", newsletter.SubscribeView.as_view(), name="newsletter_subscribe"),
    path(
        "lettre/confirmer/<str:token>/",
        newsletter.ConfirmView.as_view(),
        name="newsletter_confirm",
    ),
    path(
        "lettre/desinscription/<str:token>/",
        newsletter.UnsubscribeView.as_view(),
        name="newsletter_unsubscribe",
    ),
    path("lettre/numeros/", newsletter.IssueListView.as_view(), name="issue_list"),
    path("lettre/numeros/nouveau/", newsletter.IssueCreateView.as_view(), name="issue_create"),
    path("lettre/numeros/<int:pk>/", newsletter.IssueDetailView.as_view(), name="issue_detail"),
    path(
        "lettre/numeros/<int:pk>/modifier/", newsletter.IssueEditView.as_view(), name="issue_edit"
    ),
    path("lettre/numeros/<int:pk>/test/", newsletter.IssueTestView.as_view(), name="issue_test"),
    path("lettre/numeros/<int:pk>/ordre/", newsletter.IssueMoveView.as_view(), name="issue_move"),
    path("lettre/numeros/<int:pk>/envoi/", newsletter.IssueSendView.as_view(), name="issue_send"),
    # Moderation and data protection
    path("moderation/", moderation.ModerationQueueView.as_view(), name="moderation"),
    path(
        "moderation/<str:kind>/<int:pk>/",
        moderation.ModerationDecisionView.as_view(),
        name="moderation_decision",
    ),
    path("donnees-personnelles/", pages.PrivacyView.as_view(), name="privacy"),
]
