from django import forms
from django.db import models

from apure.facilitation.models import Theme
from apure.reference.identifiers import clean_digits, is_valid_siret
from apure.reference.models import Departement
from apure.suppliers.kinds import Kind, pack
from apure.suppliers.models import Supplier
from apure.suppliers.search import ANY_SIAE
from apure.www.reuse.forms import RADIUS_CHOICES, CommuneField

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
    commune = CommuneField(label="Commune", required=False)
    radius_km = forms.TypedChoiceField(
        label="À moins de", required=False, choices=RADIUS_CHOICES, coerce=int, empty_value=None
    )

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
            raise forms.ValidationError("SIRET invalide : 14 chiffres avec une clé de contrôle.")
        if Supplier.objects.filter(siret=siret).exists():
            raise forms.ValidationError("Cette structure est déjà dans l'annuaire.")
        return siret

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
