import re

from django import forms
from django.db import models

from apure.clauses.cpv import parse_code
from apure.clauses.models import Segment
from apure.facilitation.models import Facilitator, InsertionFollowUp, Theme
from apure.organisations.models import Organisation
from apure.reference.communes import RADIUS_CHOICES, CommuneField
from apure.reference.identifiers import clean_digits, is_valid_siret
from apure.reference.models import Departement
from apure.suppliers.activities import normalise_naf
from apure.suppliers.kinds import Kind, pack
from apure.suppliers.models import Supplier
from apure.suppliers.search import ANY_SIAE

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type de structure",
        required=False,
        choices=[("", "Tous les types"), (ANY_SIAE, "Toutes les SIAE"), *Kind.choices],
    )
    words = forms.CharField(
        label="Mots",
        required=False,
        max_length=150,
        help_text="Nom, activité, commune (ex. espaces verts, nettoyage, Roubaix).",
    )
    departement = forms.ModelChoiceField(
        label="Département",
        required=False,
        queryset=Departement.objects.all(),
        to_field_name="code",
        empty_label="Tous les départements",
    )
    segment = forms.ModelChoiceField(
        label="Segment d'achat",
        required=False,
        queryset=Segment.objects.all(),
        to_field_name="code",
        empty_label="Tous les segments",
        help_text="Structures dont le code d'activité (NAF) correspond au segment.",
    )
    cpv = forms.CharField(
        label="ou code CPV",
        required=False,
        max_length=10,
        help_text="8 chiffres, par exemple 77310000.",
    )
    with_unknown = forms.BooleanField(
        label="Inclure les structures dont l'activité est inconnue", required=False
    )
    commune = CommuneField(label="Commune", required=False)
    radius_km = forms.TypedChoiceField(
        label="À moins de", required=False, choices=RADIUS_CHOICES, coerce=int, empty_value=None
    )

    def clean_cpv(self):
        text = self.cleaned_data["cpv"].strip()
        if not text:
            return ""
        code = parse_code(text)
        if code is None:
            raise forms.ValidationError(
                "Code CPV invalide\u00a0: 8 chiffres, par exemple 77310000."
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("radius_km") and not data.get("commune") and not self.errors.get("commune"):
            self.add_error("commune", "Indiquez la commune depuis laquelle compter la distance.")
        return data


def _https_by_default(field, **kwargs):
    """Model form fields, with web addresses typed without a scheme read as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SupplierForm(forms.ModelForm):
    kind_list = forms.MultipleChoiceField(
        label="Types", choices=Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Supplier
        formfield_callback = _https_by_default
        fields = [
            "siret",
            "name",
            "kind_list",
            "activities",
            "territory",
            "address",
            "post_code",
            "commune_name",
            "commune_code",
            "naf",
            "legal_form",
            "website",
            "source",
            "source_date",
        ]
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 3}),
            "source_date": DATE_WIDGET,
        }
        help_texts = {
            "territory": "Communes, EPCI ou départements où la structure intervient.",
            "source": "D'où vient l'information (liste officielle, échange avec la structure…).",
            "source_date": "Date à laquelle l'information était exacte.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["kind_list"].initial = self.instance.kind_list
            del self.fields["siret"]

    def clean_siret(self):
        siret = clean_digits(self.cleaned_data["siret"], 14)
        if not is_valid_siret(siret):
            raise forms.ValidationError(
                "SIRET invalide\u00a0: 14 chiffres avec une clé de contrôle."
            )
        if Supplier.objects.filter(siret=siret).exists():
            raise forms.ValidationError("Cette structure est déjà dans l'annuaire.")
        return siret

    def clean_naf(self):
        code = normalise_naf(self.cleaned_data["naf"])
        if code and not re.fullmatch(r"\d{4}[A-Z]", code):
            raise forms.ValidationError(
                "Code NAF invalide\u00a0: 4 chiffres et une lettre (ex. 81.30Z)."
            )
        return code

    def save(self, commit=True):
        self.instance.kinds = pack(self.cleaned_data["kind_list"])
        return super().save(commit)


class FacilitatorSearchForm(forms.Form):
    departement = forms.ModelChoiceField(
        label="Département",
        required=False,
        queryset=Departement.objects.all(),
        to_field_name="code",
        empty_label="Tous les départements",
    )
    theme = forms.ChoiceField(
        label="Thème", required=False, choices=[("", "Tous les thèmes"), *Theme.choices]
    )


class SupportRequestForm(forms.Form):
    subject = forms.CharField(label="Objet", max_length=200)
    message = forms.CharField(
        label="Votre besoin",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Le marché ou le projet, son calendrier, ce que vous attendez du facilitateur.",
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Réponse au demandeur",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FacilitatorForm(forms.ModelForm):
    class Meta:
        model = Facilitator
        formfield_callback = _https_by_default
        fields = ["name", "structure", "theme", "departements", "territory", "email", "website"]

    def clean_departements(self):
        codes = self.cleaned_data["departements"].replace(",", " ").split()
        known = set(Departement.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(f"Département(s) inconnu(s)\u00a0: {', '.join(unknown)}.")
        if not codes:
            raise forms.ValidationError("Indiquez au moins un département.")
        return " ".join(codes)


class FollowUpForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label="Acheteur", queryset=Organisation.objects.order_by("name")
    )

    class Meta:
        model = InsertionFollowUp
        fields = ["organisation", "title", "reference", "facilitator", "hours_planned"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = Facilitator.objects.filter(theme=Theme.SOCIAL_CLAUSES)
        self.fields["hours_planned"].widget.attrs["min"] = 0

    def clean_hours_planned(self):
        hours = self.cleaned_data["hours_planned"]
        if hours < 0:
            raise forms.ValidationError("Un nombre d'heures ne peut pas être négatif.")
        return hours


class HoursForm(forms.Form):
    """One year's total of hours done (the year's previous total is replaced)."""

    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    hours_done = forms.DecimalField(
        label="Heures réalisées dans l'année",
        min_value=0,
        max_digits=10,
        decimal_places=0,
        help_text="Total de l'année pour ce marché, sans données sur les personnes.",
    )
