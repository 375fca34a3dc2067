"""Creating and editing news, events and resources from the site (not only the admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import CreateView, UpdateView

from apure.network import moderation
from apure.network.models import Status
from apure.organisations.permissions import can_resubmit, is_facilitator

from .access import FacilitatorRequiredMixin, MemberRequiredMixin


class PublicationFormMixin:
    template_name = "network/publication_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            verbose_name=self.model._meta.verbose_name,
            is_facilitator=self.request.user.is_facilitator,
            **kwargs,
        )

    def form_valid(self, form):
        item = form.save(commit=False)
        if self.request.user.is_facilitator:
            item.status = form.cleaned_data["status"]
            item.published_at = form.cleaned_data["published_at"] or item.published_at
            item.save()
            form.save_m2m()
            messages.success(
                self.request,
                f"Enregistré\u00a0: « {item.title} » ({item.status_label.lower()}).",
            )
            return redirect(item)
        item.save()
        form.save_m2m()
        moderation.propose(item, self.request.user)
        messages.success(
            self.request,
            f"Merci\u00a0! Votre proposition « {item.title} » est transmise à l'animation du "
            "réseau, qui la relira avant publication. Vous recevrez un e-mail.",
        )
        return redirect("members:space")


class PublicationCreateView(PublicationFormMixin, MemberRequiredMixin, CreateView):
    """Members propose; facilitators publish directly."""


class FacilitatorCreateView(PublicationFormMixin, FacilitatorRequiredMixin, CreateView):
    """Only facilitators create this kind of content (events)."""


class PublicationUpdateView(PublicationFormMixin, MemberRequiredMixin, UpdateView):
    """Facilitators edit everything; members correct and resubmit their refused proposals."""

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        user = self.request.user
        if not (is_facilitator(user) or can_resubmit(user, item)):
            raise PermissionDenied(
                "Vous ne pouvez modifier que vos propositions refusées ou en attente de relecture."
            )
        return item

    def get_initial(self):
        initial = super().get_initial()
        if self.object.status in (Status.DRAFT, Status.PUBLISHED):
            initial["status"] = self.object.status
        return initial
