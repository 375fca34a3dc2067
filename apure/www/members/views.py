from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from apure.network import directory
from apure.network.models import WorkingGroup
from apure.organisations.invitations import InvitationError, invite
from apure.organisations.models import Organisation
from apure.organisations.permissions import (
    can_edit_organisation,
    can_see_directory,
    is_facilitator,
)
from apure.reuse.models import Lot

from .forms import (
    DirectoryListingForm,
    DirectorySearchForm,
    InvitationForm,
    MemberOrganisationForm,
    OrganisationForm,
)

DIRECTORY_DENIED = "L'annuaire est réservé aux membres du réseau."


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
        organisation = self.object
        return super().get_context_data(
            can_edit=can_edit_organisation(self.request.user, organisation),
            groups=WorkingGroup.objects.filter(members__organisation=organisation).distinct(),
            lots=Lot.objects.published().of(organisation)[:5],
            **kwargs,
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
            f"Compte créé pour {user.email}\u00a0: un e-mail l'invite à choisir son mot de passe.",
        )
        return redirect("members:invite")


class DirectoryView(LoginRequiredMixin, TemplateView):
    """Who buys what, where: the people of member bodies who agreed to appear."""

    template_name = "members/directory.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_see_directory(request.user):
            raise PermissionDenied(DIRECTORY_DENIED)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = DirectorySearchForm(self.request.GET or None)
        return super().get_context_data(
            form=form,
            listings=directory.find(**form.criteria()),
            searched=bool(self.request.GET),
            own_listing=directory.listing_of(self.request.user),
            **kwargs,
        )


class DirectoryListingView(LoginRequiredMixin, FormView):
    """My entry in the directory: consent, the segments I follow, or withdraw (all)."""

    template_name = "members/directory_listing.html"
    form_class = DirectoryListingForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_see_directory(request.user):
            raise PermissionDenied(DIRECTORY_DENIED)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        listing = directory.listing_of(self.request.user)
        if listing is None:
            return {}
        return {"segments": listing.segments.all(), "consent": True}

    def get_context_data(self, **kwargs):
        return super().get_context_data(listing=directory.listing_of(self.request.user), **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "withdraw":
            directory.withdraw(request.user)
            messages.success(request, "Votre fiche est retirée de l'annuaire et effacée.")
            return redirect("members:directory")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        directory.consent(self.request.user, form.cleaned_data["segments"])
        messages.success(self.request, "Votre fiche de l'annuaire est enregistrée.")
        return redirect("members:directory")
