from django import forms

from apure.organisations.invitations import roles_granted_by
from apure.organisations.models import Organisation


class OrganisationForm(forms.ModelForm):
    """A member body's public profile, as facilitators edit it (membership and kind stay in
    the admin)."""

    website = forms.URLField(label="Site web", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "siren", "website", "description"]


class MemberOrganisationForm(OrganisationForm):
    """What a member body changes about itself. Its identity (names, SIREN) is not: a member
    could otherwise present itself as another body of the network."""

    class Meta(OrganisationForm.Meta):
        fields = ["website", "description"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    organisation = forms.ModelChoiceField(
        label="Structure", queryset=Organisation.objects.order_by("name"), required=False,
        help_text="Laissez vide pour une personne sans structure membre (partenaire, expert).",
    )  # fmt: skip
    job_title = forms.CharField(label="Fonction", max_length=150, required=False)
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, invited_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_granted_by(invited_by)
