from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, ListView

from apure.network.models import DocumentKind, Event, News, Resource, Thread, WorkingGroup
from apure.organisations.permissions import can_use_group_workspace, is_member

from .access import MemberRequiredMixin


class GroupListView(ListView):
    template_name = "network/group_list.html"
    context_object_name = "groups"
    queryset = WorkingGroup.objects.all()


class GroupDetailView(DetailView):
    template_name = "network/group_detail.html"
    context_object_name = "group"
    model = WorkingGroup

    def get_context_data(self, **kwargs):
        group = self.object
        user = self.request.user
        # Who is in a group is shared within the network, not published to the web.
        in_network = is_member(user)
        members = group.members.select_related("organisation").order_by("last_name")
        in_workspace = can_use_group_workspace(user, group)
        documents = group.documents.all() if in_workspace else group.documents.public()
        # The group's calendar: each past meeting with the minutes the reader may open.
        minutes = Prefetch(
            "group_documents",
            queryset=documents.filter(kind=DocumentKind.MINUTES),
            to_attr="minutes",
        )
        return super().get_context_data(
            news=News.objects.published().with_theme(group).prefetch_related("themes")[:6],
            upcoming=Event.objects.upcoming().with_theme(group).prefetch_related("themes")[:6],
            past=Event.objects.past().with_theme(group).prefetch_related("themes", minutes)[:6],
            in_workspace=in_workspace,
            latest_threads=(Thread.objects.in_group(group).for_list()[:5] if in_workspace else []),
            documents=documents.for_list()[:5],
            resources=Resource.objects.published()
            .with_theme(group)
            .select_related("author_organisation")
            .prefetch_related("themes")[:10],
            member_count=group.members.count(),
            members=members if in_network else None,
            can_join=in_network,
            is_in_group=user.is_authenticated and group.members.filter(pk=user.pk).exists(),
            **kwargs,
        )


class GroupMembershipView(MemberRequiredMixin, View):
    """POST only: join or leave a group."""

    def post(self, request, slug):
        group = get_object_or_404(WorkingGroup, slug=slug)
        if request.POST.get("action") == "leave":
            group.members.remove(request.user)
            messages.success(request, f"Vous avez quitté le groupe « {group.name} ».")
        else:
            group.members.add(request.user)
            messages.success(request, f"Vous avez rejoint le groupe « {group.name} ».")
        return redirect(group)
