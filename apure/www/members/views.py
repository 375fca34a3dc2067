from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView, UpdateView

from apure.organisations.models import Organisation
from apure.organisations.permissions import can_edit_organisation

from .forms import OrganisationForm


class MemberListView(ListView):
    template_name = "members/list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return Organisation.objects.members().select_related("region", "departement")


class MemberDetailView(DetailView):
    template_name = "members/detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.members().select_related("region", "departement")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=can_edit_organisation(self.request.user, self.object), **kwargs
        )


class MemberUpdateView(LoginRequiredMixin, UpdateView):
    template_name = "members/edit.html"
    form_class = OrganisationForm
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        organisation = get_object_or_404(Organisation, slug=self.kwargs["slug"])
        if not can_edit_organisation(self.request.user, organisation):
            raise PermissionDenied("Vous ne pouvez modifier que la fiche de votre structure.")
        return organisation

    def form_valid(self, form):
        messages.success(self.request, "La fiche de la structure est enregistrée.")
        return super().form_valid(form)


class MemberSpaceView(LoginRequiredMixin, TemplateView):
    template_name = "members/space.html"
