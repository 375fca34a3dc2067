from django import forms

from apure.clauses.models import Segment
from apure.organisations.invitations import roles_granted_by
from apure.organisations.models import Organisation
from apure.reference.models import Departement


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


class DirectorySearchForm(forms.Form):
    """« Qui achète l'informatique dans le Nord ? »: a segment, a territory, a name."""

    segment = forms.ModelChoiceField(
        label="Segment d'achat",
        queryset=Segment.objects.all(),  # French order (Segment.Meta)
        required=False,
        empty_label="Tous",
        to_field_name="code",
    )
    territoire = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.none(),
        required=False,
        empty_label="Tous",
    )
    q = forms.CharField(label="Nom, fonction ou structure", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The départements where the network has member bodies.
        self.fields["territoire"].queryset = Departement.objects.filter(
            organisation__is_member=True
        ).distinct()

    def criteria(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"segment": data["segment"], "departement": data["territoire"], "q": data["q"]}


class DirectoryListingForm(forms.Form):
    segments = forms.ModelMultipleChoiceField(
        label="Les segments d'achat que vous suivez",
        queryset=Segment.objects.all(),  # French order (Segment.Meta)
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=(
            "J'accepte que mon nom, ma fonction, ma structure, mes segments d'achat et mes "
            "groupes de travail soient visibles des membres connectés du réseau."
        ),
        help_text="Vous pouvez retirer votre fiche à tout moment depuis cette page.",
    )
