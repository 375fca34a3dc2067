from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from apure.organisations.invitations import InvitationError, invite
from apure.organisations.models import Organisation
from apure.organisations.permissions import can_edit_organisation, is_facilitator

from .forms import InvitationForm, MemberOrganisationForm, OrganisationForm


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
    context_object_name = "organisation"

    def get_form_class(self):
        return OrganisationForm if is_facilitator(self.request.user) else MemberOrganisationForm

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


class InvitationView(LoginRequiredMixin, FormView):
    """Facilitators create an account for someone, who then chooses the password."""

    template_name = "members/invite.html"
    form_class = InvitationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_facilitator(request.user):
            raise PermissionDenied("Seuls les animateurs du réseau invitent des personnes.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invited_by": self.request.user}

    def form_valid(self, form):
        try:
            user = invite(invited_by=self.request.user, **form.cleaned_data)
        except InvitationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Compte créé pour {user.email} : un e-mail l'invite à choisir son mot de passe.",
        )
        return redirect("members:invite")
