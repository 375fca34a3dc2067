import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apure.network import newsletter, uploads
from apure.network.event_form import EventFormMixin
from apure.network.models import (
    Event,
    Issue,
    News,
    Resource,
    ResourceKind,
    Status,
    Subscriber,
    Territory,
    WorkingGroup,
)
from apure.organisations.models import Organisation
from apure.reference.models import CpvCode

PUBLISH_CHOICES = [(Status.DRAFT, "Brouillon (non visible)"), (Status.PUBLISHED, "Publié")]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PublicationForm(forms.ModelForm):
    """Facilitators choose draft or published; members' content goes to review instead."""

    status = forms.ChoiceField(label="Statut", choices=PUBLISH_CHOICES, initial=Status.PUBLISHED)
    published_at = forms.DateTimeField(
        label="Date de publication",
        required=False,
        widget=DATETIME_WIDGET,
        help_text="Heure de Paris. Laisser vide\u00a0: maintenant. Une date future programme la "
        "publication.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_facilitator:
            self.fields["published_at"].initial = self.instance.published_at
        else:
            del self.fields["status"]
            del self.fields["published_at"]
        if "themes" in self.fields:
            self.fields["themes"].widget = forms.CheckboxSelectMultiple()
            self.fields["themes"].queryset = WorkingGroup.objects.all()
        if "author_organisation" in self.fields and user.organisation_id and not self.instance.pk:
            self.fields["author_organisation"].initial = user.organisation_id
        if not user.is_facilitator:
            self._limit_choices_for_members(user)

    def _limit_choices_for_members(self, user):
        """A member signs with their own body only, and sees only published events: drafts'
        titles must not leak through a drop-down list."""
        if "author_organisation" in self.fields:
            self.fields["author_organisation"].queryset = Organisation.objects.filter(
                pk=user.organisation_id
            )
        if "event" in self.fields:
            self.fields["event"].queryset = Event.objects.published()


class NewsForm(uploads.CheckedUploadsMixin, PublicationForm):
    class Meta:
        model = News
        fields = ["title", "summary", "body", "image", "image_alt", "themes", "author_organisation"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class EventForm(EventFormMixin, PublicationForm):
    online_url = forms.URLField(
        label="Lien de visioconférence",
        required=False,
        assume_scheme="https",
        help_text="Jamais affiché publiquement\u00a0: envoyé aux inscrits dont la place est "
        "confirmée.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "description",
            "capacity",
            "registration_open",
            "themes",
            "author_organisation",
        ]
        labels = {"author_organisation": "Structure organisatrice"}
        help_texts = {"starts_at": "Heure de Paris.", "ends_at": "Heure de Paris."}
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("online_url"):
            self.add_error("place", "Indiquez un lieu ou un lien de visioconférence.")
        return cleaned


class ResourceForm(uploads.CheckedUploadsMixin, PublicationForm):
    url = forms.URLField(label="Lien", required=False, assume_scheme="https")
    segment_codes = forms.CharField(
        label="Segments d'achat (codes CPV)",
        required=False,
        help_text=(
            "Codes CPV à 8 chiffres séparés par des virgules, par exemple 45000000, 90910000."
        ),
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "kind",
            "summary",
            "file",
            "url",
            "themes",
            "territory",
            "author_organisation",
            "event",
        ]
        help_texts = {
            "file": "PDF, DOCX, ODT, XLSX ou ODS. Ou bien indiquez un lien ci-dessous.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["segment_codes"].initial = ", ".join(
                self.instance.segments.values_list("code", flat=True)
            )

    def clean_segment_codes(self):
        codes = [
            code.strip()[:8]
            for code in self.cleaned_data["segment_codes"].split(",")
            if code.strip()
        ]
        found = CpvCode.objects.filter(code__in=codes)
        unknown = sorted(set(codes) - {cpv.code for cpv in found})
        if unknown:
            raise ValidationError(
                "Codes CPV inconnus\u00a0: %(codes)s.", params={"codes": ", ".join(unknown)}
            )
        return list(found)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url"):
            self.add_error("file", "Joignez un document ou indiquez un lien.")
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.segments.set(self.cleaned_data["segment_codes"])


# The form accepts what the column can hold: a longer address would fail in PostgreSQL.
EMAIL_MAX_LENGTH = Subscriber._meta.get_field("email").max_length


def single_line(value):
    """Names go into the e-mails sent to any address typed: a line break would let a visitor
    write their own lines there (e.g. a phishing link), and control characters have no place
    in a name."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        raise ValidationError(
            "Écrivez ce champ sur une seule ligne, sans retour à la ligne ni caractère spécial."
        )


class RegistrationForm(forms.Form):
    name = forms.CharField(label="Prénom et nom", max_length=150, validators=[single_line])
    email = forms.EmailField(label="Adresse e-mail", max_length=EMAIL_MAX_LENGTH)
    organisation_name = forms.CharField(
        label="Structure", max_length=200, required=False, validators=[single_line]
    )
    # A trap for robots filling every field: hidden from people (CSS, class "trap"). Places
    # are kept from made-up people by the e-mail round trip (registrations.register_visitor)
    # and the limits per client and address (www/network/limits.py); this stops bots earlier.
    website = forms.CharField(
        label="Laissez ce champ vide",
        required=False,
        widget=forms.TextInput(attrs={"class": "trap", "autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""

    @property
    def details(self):
        """What the registration records about the person (the trap field is not part of it)."""
        return {key: self.cleaned_data[key] for key in ("name", "email", "organisation_name")}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail", max_length=EMAIL_MAX_LENGTH)


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["subject", "editorial"]

    def clean_subject(self):
        # The subject becomes an e-mail header: one line.
        return " ".join(self.cleaned_data["subject"].split())


class IssueComposeForm(IssueForm):
    """An issue being composed: its texts, the items chosen per section, its sending date."""

    SECTIONS = {
        "news": "Actualités",
        "events": "Événements à venir",
        "resources": "Ressources",
        "questions": "Questions d'acheteurs",
    }

    class Meta(IssueForm.Meta):
        fields = ["subject", "editorial", "scheduled_for"]
        widgets = {"scheduled_for": DATETIME_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = newsletter.candidates()
        for section, label in self.SECTIONS.items():
            chosen = getattr(self.instance, section).all()
            # The items already chosen stay offered, even when no longer among the latest.
            chosen_pks = [item.pk for item in chosen]
            offered_pks = [item.pk for item in offered[section]]
            self.fields[section] = forms.ModelMultipleChoiceField(
                label=label,
                queryset=chosen.model.objects.filter(pk__in=[*chosen_pks, *offered_pks]),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=chosen_pks,
            )

    def clean_scheduled_for(self):
        value = self.cleaned_data["scheduled_for"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("Choisissez une date d'envoi à venir.")
        return value

    @property
    def items(self):
        return {section: self.cleaned_data[section] for section in self.SECTIONS}


class RejectForm(forms.Form):
    message = forms.CharField(
        label="Message à l'auteur",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Expliquez ce qui manque\u00a0: ce message lui est envoyé par e-mail.",
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Mots-clés", required=False)
    kind = forms.ChoiceField(
        label="Type de ressource", required=False, choices=[("", "Tous")] + ResourceKind.choices
    )
    theme = forms.ModelChoiceField(
        label="Thème",
        required=False,
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        empty_label="Tous",
    )
    territory = forms.ChoiceField(
        label="Territoire", required=False, choices=[("", "Tous")] + Territory.choices
    )
