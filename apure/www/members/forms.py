from django import forms

from apure.organisations.models import Organisation


class OrganisationForm(forms.ModelForm):
    """What a member body may change about itself; membership and kind stay with facilitators."""

    website = forms.URLField(label="Site web", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "siren", "website", "description"]
