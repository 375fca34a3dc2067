from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, TemplateView

from apure.network import ical, registrations
from apure.network.markup import render_markdown
from apure.network.models import Event, Registration, RegistrationStatus

from ..forms import EventForm, RegistrationForm
from .access import FacilitatorRequiredMixin
from .publications import FacilitatorCreateView, PublicationUpdateView

ICS_TYPE = "text/calendar; charset=utf-8"


class EventListView(TemplateView):
    template_name = "network/event_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            upcoming=Event.objects.upcoming(), past=Event.objects.past()[:20], **kwargs
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
            mine = (
                event.registrations.exclude(status=RegistrationStatus.CANCELLED)
                .filter(email=user.email)
                .first()
            )
        return super().get_context_data(
            description=render_markdown(event.description),
            resources=event.resources.published(),
            registration=mine,
            online_url=registrations.online_link_for(event, user, mine),
            form=kwargs.pop("form", None) or RegistrationForm(),
            **kwargs,
        )


class EventRegisterView(View):
    """Logged-in people register with their account; visitors give name, e-mail and body."""

    def post(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        user = request.user
        if user.is_authenticated:
            details = {
                "name": user.get_full_name() or user.email,
                "email": user.email,
                "organisation_name": user.organisation.name if user.organisation else "",
                "user": user,
            }
        else:
            form = RegistrationForm(request.POST)
            if not form.is_valid():
                view = EventDetailView(request=request, kwargs={"slug": slug})
                view.object = event
                return view.render_to_response(view.get_context_data(form=form), status=400)
            details = form.details
        try:
            if user.is_authenticated:
                status = registrations.register(event, **details).status
            else:
                status = registrations.register_visitor(event, **details)
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
            return redirect(event)
        if status == RegistrationStatus.CONFIRMED:
            messages.success(
                request, f"Inscription confirmée : un e-mail a été envoyé à {details['email']}."
            )
        else:
            messages.warning(
                request,
                "L'événement est complet : vous êtes sur la liste d'attente. Un e-mail vous "
                "préviendra si une place se libère.",
            )
        return redirect(event)


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
            registrations=self.object.registrations.exclude(status=RegistrationStatus.CANCELLED),
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
                "1 personne de la liste d'attente a reçu une place ; elle est prévenue par e-mail.",
            )
        elif promoted:
            messages.info(
                self.request,
                f"{len(promoted)} personnes de la liste d'attente ont reçu une place ; elles sont "
                "prévenues par e-mail.",
            )
        return response
