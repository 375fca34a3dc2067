from django import forms
from django.utils import timezone

from apure.network import uploads
from apure.reference import geo
from apure.reference.communes import RADIUS_CHOICES, CommuneField
from apure.reuse.choices import Category
from apure.reuse.models import ImpactFactor, Lot, Wanted

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LotForm(forms.ModelForm):
    commune = CommuneField(label="Commune du site")
    photo = forms.FileField(
        label="Ajouter une photo",
        required=False,
        help_text="PNG, JPEG ou WebP, 2 Mo au plus.",
    )
    photo_alt = forms.CharField(
        label="Description de la photo",
        required=False,
        max_length=200,
        help_text="Obligatoire avec une photo\u00a0: ce qu'elle montre, pour qui ne la voit pas.",
    )

    class Meta:
        model = Lot
        fields = [
            "title",
            "category",
            "description",
            "quantity",
            "unit",
            "unit_mass_kg",
            "condition",
            "dimensions",
            "site_address",
            "commune",
            "available_from",
            "available_until",
            "removal",
            "removal_notes",
            "price",
            "price_eur",
            "new_unit_value_eur",
            "factor",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "available_from": DATE_WIDGET,
            "available_until": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "removal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"].queryset = ImpactFactor.objects.in_force(timezone.localdate())
        self.fields["factor"].label_from_instance = lambda f: (
            f"{f.get_category_display()} · {f.label} ({f.get_basis_display()})"
        )
        self.fields["factor"].empty_label = "Aucun facteur ne correspond"
        if not self.instance.pk:
            self.fields["contact_name"].initial = user.get_full_name()
            self.fields["contact_email"].initial = user.email
            self.fields["available_from"].initial = timezone.localdate()

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            uploads.check_image(photo)
        return photo

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("photo_alt", "").strip():
            self.add_error("photo_alt", "Décrivez la photo\u00a0: ce texte remplace l'image.")
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", "La fin de disponibilité précède son début.")
        factor = data.get("factor")
        if factor and data.get("category") and factor.category != data["category"]:
            self.add_error("factor", "Ce facteur concerne une autre catégorie.")
        return data


class SearchForm(forms.Form):
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + list(Category.choices)
    )
    words = forms.CharField(label="Mots", required=False, max_length=150)
    commune = CommuneField(label="Depuis la commune", required=False)
    radius_km = forms.TypedChoiceField(
        label="À moins de", required=False, choices=RADIUS_CHOICES, coerce=int, empty_value=None
    )
    available_on = forms.DateField(
        label="Disponible le",
        required=False,
        widget=DATE_WIDGET,
        help_text="Le jour où vous viendriez enlever le lot.",
    )

    def clean(self):
        data = super().clean()
        if data.get("radius_km") and not data.get("commune") and not self.errors.get("commune"):
            self.add_error("commune", "Indiquez la commune depuis laquelle compter la distance.")
        elif data.get("radius_km") and geo.centre(data["commune"].code) is None:
            self.add_error(
                "commune",
                "La position de cette commune n'est pas connue d'apure (commune rétablie "
                "récemment)\u00a0: choisissez une commune voisine ou « Toute distance ».",
            )
        return data


class RequestForm(forms.Form):
    quantity = forms.DecimalField(label="Quantité souhaitée", min_value=0, decimal_places=3)
    message = forms.CharField(
        label="Message au cédant",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, unit="", **kwargs):
        super().__init__(*args, **kwargs)
        if unit:  # the lot's unit, so that « 4 » reads as 4 m² or 4 pièces
            self.fields["quantity"].label = f"Quantité souhaitée ({unit})"


class DeclineForm(forms.Form):
    note = forms.CharField(label="Motif (facultatif)", required=False, max_length=300)


class ScheduleForm(forms.Form):
    removal_date = forms.DateField(label="Date d'enlèvement convenue", widget=DATE_WIDGET)


class HandOverForm(forms.Form):
    quantity = forms.DecimalField(
        label="Quantité réellement enlevée", min_value=0, decimal_places=3
    )
    weighed_mass_kg = forms.DecimalField(
        label="Masse pesée (kg, facultatif)",
        required=False,
        min_value=0,
        decimal_places=3,
        help_text="Sinon, la masse estimée par unité du lot est utilisée.",
    )
    on = forms.DateField(label="Date de la remise", widget=DATE_WIDGET)


class WantedForm(forms.ModelForm):
    commune = CommuneField(label="Autour de la commune", required=False)
    radius_km = forms.TypedChoiceField(
        label="À moins de", required=False, choices=RADIUS_CHOICES, coerce=int, empty_value=None
    )

    class Meta:
        model = Wanted
        fields = ["title", "category", "words", "details", "commune", "radius_km", "needed_by"]
        widgets = {"needed_by": DATE_WIDGET, "details": forms.Textarea(attrs={"rows": 3})}
        labels = {"words": "Mots-clés pour trouver les lots"}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Inventaire (CSV ou XLSX)",
        help_text="Partez du modèle\u00a0: une ligne par lot. Les lots sont créés en brouillon.",
    )
