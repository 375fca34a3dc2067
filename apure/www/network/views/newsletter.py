from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import CreateView, DetailView, ListView, TemplateView

from apure.network import newsletter
from apure.network.models import DeliveryStatus, Issue, IssueStatus, Subscriber

from .. import limits
from ..forms import IssueComposeForm, IssueForm, SubscribeForm
from .access import FacilitatorRequiredMixin


class NewsletterView(TemplateView):
    template_name = "network/newsletter.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=kwargs.pop("form", None) or SubscribeForm(),
            confirmation_days=settings.NETWORK_CONFIRMATION_MAX_AGE_DAYS,
            **kwargs,
        )


class SubscribeView(View):
    def post(self, request):
        form = SubscribeForm(request.POST)
        status = 400
        if form.is_valid() and not limits.subscription_allowed(request):
            form.add_error(None, limits.REFUSED_MESSAGE)
            status = 429
        if not form.is_valid():
            view = NewsletterView(request=request)
            return view.render_to_response(view.get_context_data(form=form), status=status)
        newsletter.subscribe(form.cleaned_data["email"])
        # Same answer whether or not the address was known: nothing leaks about subscribers.
        messages.success(
            request,
            f"Presque fini\u00a0: un e-mail vient d'être envoyé à {form.cleaned_data['email']}. "
            "Cliquez sur le lien qu'il contient pour confirmer votre inscription.",
        )
        return redirect("network:newsletter")


class ConfirmView(TemplateView):
    """GET shows a button, POST confirms: link scanners in mailboxes only GET."""

    template_name = "network/newsletter_confirm.html"

    def get_context_data(self, **kwargs):
        subscriber, error = None, None
        try:
            subscriber = newsletter.subscriber_to_confirm(self.kwargs["token"])
        except newsletter.NewsletterError as exc:
            error = str(exc)
        return super().get_context_data(subscriber=subscriber, error=error, **kwargs)

    def post(self, request, token):
        try:
            newsletter.confirm(token)
        except newsletter.NewsletterError as error:
            messages.error(request, str(error))
            return redirect("network:newsletter")
        messages.success(request, "Votre inscription à la lettre d'information est confirmée.")
        return redirect("network:newsletter")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TemplateView):
    """GET shows a confirm button; POST unsubscribes. The POST is exempt from CSRF because
    mail clients send it themselves (RFC 8058 one-click), and only the signed token matters."""

    template_name = "network/newsletter_unsubscribe.html"

    def get_context_data(self, **kwargs):
        subscriber, error = None, None
        try:
            subscriber = newsletter.subscriber_to_unsubscribe(self.kwargs["token"])
        except newsletter.NewsletterError as exc:
            error = str(exc)
        return super().get_context_data(subscriber=subscriber, error=error, **kwargs)

    def post(self, request, token):
        try:
            email = newsletter.unsubscribe(token)
        except newsletter.NewsletterError as error:
            messages.error(request, str(error))
            return redirect("network:newsletter")
        if email is None:
            messages.info(request, "Cette adresse n'était déjà plus inscrite à la lettre.")
        else:
            messages.success(
                request, f"L'adresse {email} est désinscrite et effacée de la liste de diffusion."
            )
        return redirect("network:newsletter")


class IssueListView(FacilitatorRequiredMixin, ListView):
    template_name = "network/issue_list.html"
    context_object_name = "issues"
    queryset = Issue.objects.all()

    def get_context_data(self, **kwargs):
        confirmed = Subscriber.objects.exclude(confirmed_at=None).count()
        return super().get_context_data(subscriber_count=confirmed, **kwargs)


class IssueCreateView(FacilitatorRequiredMixin, CreateView):
    template_name = "network/issue_form.html"
    form_class = IssueForm

    def form_valid(self, form):
        issue = newsletter.create_issue(**form.cleaned_data, user=self.request.user)
        messages.success(
            self.request,
            "La lettre est prête\u00a0: relisez l'aperçu, envoyez-vous un test, puis envoyez-la.",
        )
        return redirect(issue)


class IssueDetailView(FacilitatorRequiredMixin, DetailView):
    template_name = "network/issue_detail.html"
    context_object_name = "issue"
    model = Issue

    def get_context_data(self, **kwargs):
        issue = self.object
        deliveries = issue.deliveries
        return super().get_context_data(
            preview=newsletter.issue_context(issue, "#desinscription"),
            subscriber_count=Subscriber.objects.exclude(confirmed_at=None).count(),
            sent_count=deliveries.filter(status=DeliveryStatus.SENT).count(),
            pending_count=deliveries.filter(status=DeliveryStatus.PENDING).count(),
            failed_count=deliveries.exclude(
                status__in=[DeliveryStatus.SENT, DeliveryStatus.PENDING]
            ).count(),
            is_draft=issue.status == IssueStatus.DRAFT,
            sections=[
                (label, section, newsletter.section_items(issue, section))
                for section, label in IssueComposeForm.SECTIONS.items()
            ],
            **kwargs,
        )


class IssueEditView(FacilitatorRequiredMixin, View):
    """Rewrite or delete an issue while it is still a draft."""

    template_name = "network/issue_form.html"

    def get(self, request, pk):
        issue = get_object_or_404(Issue, pk=pk, status=IssueStatus.DRAFT)
        return render(
            request,
            self.template_name,
            {"form": IssueComposeForm(instance=issue), "issue": issue},
        )

    def post(self, request, pk):
        issue = get_object_or_404(Issue, pk=pk)
        try:
            if request.POST.get("action") == "delete":
                if issue.status == IssueStatus.DRAFT and not request.POST.get("confirm"):
                    # Deleting cannot be undone: a stray click must not lose the editorial.
                    messages.error(
                        request, "Cochez « Je confirme la suppression » pour supprimer la lettre."
                    )
                    return redirect("network:issue_edit", pk=issue.pk)
                newsletter.delete_issue(issue)
                messages.success(request, "La lettre en préparation est supprimée.")
                return redirect("network:issue_list")
            form = IssueComposeForm(request.POST, instance=issue)
            if not form.is_valid():
                return render(
                    request, self.template_name, {"form": form, "issue": issue}, status=400
                )
            newsletter.edit_issue(
                issue,
                subject=form.cleaned_data["subject"],
                editorial=form.cleaned_data["editorial"],
                scheduled_for=form.cleaned_data["scheduled_for"],
                items=form.items,
            )
        except newsletter.NewsletterError as error:
            messages.error(request, str(error))
            return redirect(issue)
        messages.success(request, "La lettre est modifiée\u00a0: relisez l'aperçu.")
        return redirect(issue)


class IssueTestView(FacilitatorRequiredMixin, View):
    def post(self, request, pk):
        issue = get_object_or_404(Issue, pk=pk)
        newsletter.send_test(issue, request.user.email)
        messages.success(request, f"Un exemplaire de test a été envoyé à {request.user.email}.")
        return redirect(issue)


class IssueSendView(FacilitatorRequiredMixin, View):
    def post(self, request, pk):
        issue = get_object_or_404(Issue, pk=pk)
        if issue.status == IssueStatus.DRAFT and not request.POST.get("confirm"):
            # Sending cannot be undone: a stray click on the button must not reach everyone.
            messages.error(request, "Cochez « Je confirme l'envoi » pour envoyer la lettre.")
            return redirect(issue)
        try:
            issue = newsletter.queue(issue)
            # One batch per click: a long list is sent by `apure newsletter_send` (cron) or
            # by clicking "Reprendre l'envoi" again, never by a request that times out.
            totals = newsletter.send_pending([issue], max_batches=1)
        except newsletter.NewsletterError as error:
            messages.error(request, str(error))
            return redirect(issue)
        if totals["pending"]:
            messages.warning(
                request,
                f"La lettre est partie vers {totals['sent']} abonné(s)\u00a0; {totals['pending']} "
                "restent à servir\u00a0: cliquez sur « Reprendre l'envoi », ou laissez la tâche "
                "planifiée « apure newsletter_send » terminer.",
            )
        else:
            messages.success(request, f"La lettre a été envoyée à {totals['sent']} abonné(s).")
        return redirect(issue)


class IssueMoveView(FacilitatorRequiredMixin, View):
    """POST only: move an item of a draft issue one place up or down."""

    def post(self, request, pk):
        issue = get_object_or_404(Issue, pk=pk)
        section = request.POST.get("section")
        step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        item = request.POST.get("item", "")
        if section in newsletter.SECTIONS and step is not None and item.isdigit():
            try:
                newsletter.move_item(issue, section, int(item), step)
            except newsletter.NewsletterError as error:
                messages.error(request, str(error))
        return redirect(f"{issue.get_absolute_url()}#ordre")
