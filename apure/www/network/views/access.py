"""Who may see and do what in the network pages (rules from apure.organisations.permissions)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from apure.organisations.permissions import is_facilitator, is_member


class MemberRequiredMixin(LoginRequiredMixin):
    permission_message = "Cette action est réservée aux membres du réseau."

    def allowed(self, user):
        return is_member(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied(self.permission_message)
        return super().dispatch(request, *args, **kwargs)


class FacilitatorRequiredMixin(MemberRequiredMixin):
    permission_message = "Cette action est réservée à l'animation du réseau."

    def allowed(self, user):
        return is_facilitator(user)
