"""What the site's event form and the admin's share, so that both refuse the same values.

The bounds themselves are the model's (`EVENT_CAPACITY_*`, `validate_event_date`); this only
brings them to the form field, which Django builds with a bare minimum of 0."""

from django import forms

from . import registrations
from .models import EVENT_CAPACITY_MAX, EVENT_CAPACITY_MESSAGE, EVENT_CAPACITY_MIN


class EventFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capacity = self.fields["capacity"]
        # The browser keeps to the bounds; a negative number, stopped by the form field before
        # the model sees it, gets the model's sentence rather than a generic one.
        capacity.widget.attrs.update(min=EVENT_CAPACITY_MIN, max=EVENT_CAPACITY_MAX)
        capacity.error_messages["min_value"] = EVENT_CAPACITY_MESSAGE

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if error := registrations.capacity_error(self.instance, capacity):
            raise forms.ValidationError(error)
        return capacity
