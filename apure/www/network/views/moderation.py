from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apure.network import moderation
from apure.network.markup import render_markdown
from apure.network.models import News, Resource, Status

from ..forms import RejectForm
from .access import FacilitatorRequiredMixin

MODELS = {"actualite": News, "ressource": Resource}


def _attachment(item):
    """(url, is_image, description) of the file joined to a proposal, or None."""
    if isinstance(item, News) and item.image:
        return reverse("network:news_image", args=[item.slug]), True, item.image_alt
    if isinstance(item, Resource) and item.file:
        label = f"Document joint ({item.file_format.upper()})"
        return reverse("network:resource_download", args=[item.slug]), False, label
    return None


class ModerationQueueView(FacilitatorRequiredMixin, TemplateView):
    template_name = "network/moderation.html"

    def get_context_data(self, **kwargs):
        items = [
            {
                "item": item,
                "kind": item._meta.verbose_name,
                "slug": next(k for k, m in MODELS.items() if isinstance(item, m)),
                "form": RejectForm(prefix=f"{item._meta.model_name}-{item.pk}"),
                "text": render_markdown(moderation.full_text(item)),
                "attachment": _attachment(item),
            }
            for item in moderation.queue()
        ]
        return super().get_context_data(items=items, **kwargs)


class ModerationDecisionView(FacilitatorRequiredMixin, View):
    def post(self, request, kind, pk):
        model = MODELS.get(kind)
        if model is None:
            return redirect("network:moderation")
        item = get_object_or_404(model, pk=pk, status=Status.PROPOSED)
        if request.POST.get("action") == "approve":
            moderation.approve(item, request.user)
            messages.success(
                request, f"Publication faite\u00a0: « {item.title} ». Son auteur est prévenu."
            )
            return redirect("network:moderation")
        form = RejectForm(request.POST, prefix=f"{model._meta.model_name}-{item.pk}")
        if not form.is_valid():
            messages.error(
                request, f"Pour refuser « {item.title} », écrivez un message à son auteur."
            )
            return redirect("network:moderation")
        moderation.reject(item, request.user, form.cleaned_data["message"])
        messages.success(
            request,
            f"Proposition refusée\u00a0: « {item.title} ». Son auteur a reçu votre message.",
        )
        return redirect("network:moderation")
