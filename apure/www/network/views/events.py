from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, TemplateView

from apure.network import ical, registrations
from apure.network.markup import render_markdown
from apure.network.models import Event, Registration, RegistrationStatus

from .. import limits
from ..forms import EventForm, RegistrationForm
from .access import FacilitatorRequiredMixin
from .publications import FacilitatorCreateView, PublicationUpdateView

ICS_TYPE = ical.CONTENT_TYPE


class EventListView(TemplateView):
    template_name = "network/event_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # Each card shows its themes: fetched with the list, not one query per event.
            upcoming=Event.objects.upcoming().prefetch_related("themes"),
            past=Event.objects.past().prefetch_related("themes")[:20],
            **kwargs,
        )


class EventDetailView(DetailView):
    template_name = "network/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).select_related("author_organisation")

    def get_context_data(self, **kwargs):
        event = self.object
        user = self.request.user
        mine = None
        if user.is_authenticated:
            mine = event.registrations.active().filter(email=user.email).first()
        return super().get_context_data(
            description=render_markdown(event.description),
            resources=event.resources.published(),
            registration=mine,
            waiting_position=registrations.waiting_position(mine),
            online_url=registrations.online_link_for(event, user, mine),
            form=kwargs.pop("form", None) or RegistrationForm(),
            **kwargs,
        )


class EventRegisterView(View):
    """Logged-in people register with their account; visitors give name, e-mail and body, and
    confirm through the link e-mailed to them before they hold a place."""

    def post(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        if not request.user.is_authenticated:
            return self.register_visitor(request, event)
        user = request.user
        try:
            registration = registrations.register(
                event,
                name=user.get_full_name() or user.email,
                email=user.email,
                organisation_name=user.organisation.name if user.organisation else "",
                user=user,
            )
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
            return redirect(event)
        announce_status(request, registration)
        return redirect(event)

    def register_visitor(self, request, event):
        form = RegistrationForm(request.POST)
        status = 400
        if form.is_valid():
            if limits.visitor_registration_allowed(request, form.cleaned_data["email"]):
                try:
                    registrations.register_visitor(event, **form.details)
                except registrations.RegistrationError as error:
                    messages.error(request, str(error))
                    return redirect(event)
                # The same answer whether or not the address was known (see register_visitor).
                messages.success(
                    request,
                    "Un e-mail de confirmation vous a été envoyé à "
                    f"{form.cleaned_data['email']}\u00a0: cliquez sur le lien qu'il contient pour "
                    "confirmer votre inscription. Votre place n'est réservée qu'après cette "
                    "confirmation.",
                )
                return redirect(event)
            form.add_error(None, limits.REFUSED_MESSAGE)
            status = 429
        view = EventDetailView(request=request, kwargs={"slug": event.slug})
        view.object = event
        return view.render_to_response(view.get_context_data(form=form), status=status)


def announce_status(request, registration):
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(
            request, f"Inscription confirmée\u00a0: un e-mail a été envoyé à {registration.email}."
        )
    else:
        messages.warning(
            request,
            "L'événement est complet\u00a0: vous êtes sur la liste d'attente. Un e-mail vous "
            "préviendra si une place se libère.",
        )


class RegistrationConfirmView(TemplateView):
    """GET shows a button, POST confirms: link scanners in mailboxes only GET."""

    template_name = "network/registration_confirm.html"

    def get_context_data(self, **kwargs):
        registration, error = None, None
        try:
            registration = registrations.registration_to_confirm(self.kwargs["token"])
        except registrations.RegistrationError as exc:
            error = str(exc)
        return super().get_context_data(registration=registration, error=error, **kwargs)

    def post(self, request, token):
        try:
            registration = registrations.confirm(token)
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
            return redirect("network:event_list")
        if registration.status == RegistrationStatus.CANCELLED:
            messages.error(
                request, "Cette inscription a été annulée\u00a0: inscrivez-vous de nouveau."
            )
        else:
            announce_status(request, registration)
        return redirect(registration.event)


class RegistrationCancelView(TemplateView):
    """GET shows what will be cancelled; POST cancels (mail scanners only GET links)."""

    template_name = "network/registration_cancel.html"

    def get_context_data(self, **kwargs):
        registration = get_object_or_404(Registration, token=self.kwargs["token"])
        return super().get_context_data(registration=registration, **kwargs)

    def post(self, request, token):
        registration = get_object_or_404(Registration, token=token)
        if request.POST.get("action") == "delete":
            registrations.delete(registration)
            messages.success(request, "Votre inscription et vos coordonnées ont été supprimées.")
        else:
            registrations.cancel(registration)
            messages.success(request, "Votre inscription est annulée.")
        return redirect(registration.event)


class EventRegistrantsCsvView(FacilitatorRequiredMixin, View):
    def get(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inscrits-{event.slug}.csv"'
        registrations.write_csv(event, response)
        return response


class EventRegistrantsView(FacilitatorRequiredMixin, DetailView):
    template_name = "network/event_registrants.html"
    context_object_name = "event"
    model = Event

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registrations=self.object.registrations.active(),
            counts=registrations.counts(self.object),
            **kwargs,
        )


class EventIcsView(View):
    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        response = HttpResponse(ical.calendar([event], name=event.title), content_type=ICS_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class CalendarFeedView(View):
    def get(self, request):
        return HttpResponse(ical.calendar(Event.objects.published()), content_type=ICS_TYPE)


class EventCreateView(FacilitatorCreateView):
    model = Event
    form_class = EventForm


class EventUpdateView(PublicationUpdateView):
    model = Event
    form_class = EventForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # A larger (or unlimited) capacity gives its new places to the people waiting.
        promoted = registrations.fill_free_places(form.instance)
        if len(promoted) == 1:
            messages.info(
                self.request,
                "1 personne de la liste d'attente a reçu une place\u00a0; elle est prévenue par "
                "e-mail.",
            )
        elif promoted:
            messages.info(
                self.request,
                f"{len(promoted)} personnes de la liste d'attente ont reçu une place\u00a0; elles "
                "sont prévenues par e-mail.",
            )
        return response
