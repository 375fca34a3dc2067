"""What a buyer says of a contract draft, validated the same way on the website and in
`apure recommend`: amounts in euros, shares and rates in per cent, French messages."""

from datetime import date

from django import forms

from apure.obligations import BUYER_KINDS
from apure.obligations.draft import KINDS, NATURES, RENOVATION_ELEMENTS

from .sizing import DEFAULT_HOURLY_COST, DEFAULT_RATE

YES_NO_UNKNOWN = [("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")]


def _yes_no(value):
    return {"oui": True, "non": False}.get(value)


class RecommendForm(forms.Form):
    objet = forms.CharField(
        label="Objet du marché",
        max_length=500,
        help_text="Par exemple : réhabilitation thermique d'un groupe scolaire.",
    )
    cpv = forms.CharField(
        label="Code CPV ou mots-clés",
        required=False,
        max_length=200,
        help_text="Un code à 8 chiffres, ou des mots pour chercher un code ; laissé vide, le code "
        "est deviné depuis l'objet.",
    )
    # A text field shown as radio buttons: the options are rebuilt on each request.
    cpv_choice = forms.CharField(
        label="Codes CPV proposés", required=False, widget=forms.RadioSelect
    )
    montant = forms.DecimalField(
        label="Montant estimé (€ HT)", min_value=0, max_digits=14, decimal_places=2
    )
    acheteur_type = forms.ChoiceField(label="Type d'acheteur", choices=list(BUYER_KINDS.items()))
    date_lancement = forms.DateField(
        label="Date de lancement de la procédure",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Date d'envoi de l'avis à la publication ou de lancement de la consultation.",
    )
    nature = forms.ChoiceField(
        label="Nature du marché",
        required=False,
        choices=[("", "Déduite du code CPV"), *NATURES.items()],
    )
    type_contrat = forms.ChoiceField(
        label="Type de contrat", choices=list(KINDS.items()), initial="marche"
    )
    defense = forms.BooleanField(label="Marché de défense ou de sécurité", required=False)
    reserve = forms.BooleanField(label="Marché réservé (handicap ou insertion)", required=False)
    surface = forms.DecimalField(
        label="Surface de plancher concernée (m²)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=0,
    )
    demolition = forms.ChoiceField(label="Démolition", required=False, choices=YES_NO_UNKNOWN)
    elements_renoves = forms.IntegerField(
        label="Éléments de second œuvre remplacés à plus de la moitié",
        required=False,
        min_value=0,
        max_value=len(RENOVATION_ELEMENTS),
        help_text="Sur les 7 : " + " ; ".join(RENOVATION_ELEMENTS) + ".",
    )
    substances_dangereuses = forms.ChoiceField(
        label="Bâtiment ayant accueilli une activité utilisant des substances dangereuses",
        required=False,
        choices=YES_NO_UNKNOWN,
    )
    depenses_annuelles = forms.DecimalField(
        label="Achats annuels de votre structure (€ HT)",
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=0,
        help_text="Dépenses de l'année civile au titre des marchés, pour l'obligation de SPASER.",
    )
    part_main_oeuvre = forms.DecimalField(
        label="Part de main-d'œuvre (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        help_text="Laissée vide : valeur du segment d'achat.",
    )
    taux_insertion = forms.DecimalField(
        label="Taux d'insertion (% des heures de main-d'œuvre)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        initial=DEFAULT_RATE * 100,
    )
    cout_horaire = forms.DecimalField(
        label="Coût horaire chargé (€)",
        required=False,
        min_value=1,
        max_digits=7,
        decimal_places=2,
        initial=DEFAULT_HOURLY_COST,
    )

    def __init__(self, *args, cpv_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpv_choice"].widget.choices = [
            (c.code, f"{c.code} — {c.label}") for c in cpv_options
        ]
        if not self.is_bound:
            self.initial.setdefault("date_lancement", date.today())

    def clean_cpv_choice(self):
        value = self.cleaned_data["cpv_choice"]
        if value and not (value.isdigit() and len(value) == 8):
            raise forms.ValidationError("Choisissez un code CPV dans la liste.")
        return value

    def draft_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "object": data["objet"],
            "amount_ht": float(data["montant"]),
            "buyer_kind": data["acheteur_type"],
            "kind": data["type_contrat"],
            "nature": data["nature"] or None,
            "launch_date": data["date_lancement"],
            "defence_or_security": data["defense"],
            "reserved": data["reserve"],
            "floor_area_m2": float(data["surface"]) if data["surface"] is not None else None,
            "demolition": _yes_no(data["demolition"]),
            "renovation_elements": data["elements_renoves"],
            "hazardous_history": _yes_no(data["substances_dangereuses"]),
            "buyer_yearly_spend": float(data["depenses_annuelles"])
            if data["depenses_annuelles"] is not None
            else None,
        }

    def sizing_arguments(self) -> dict:
        data = self.cleaned_data
        share = data["part_main_oeuvre"]
        return {
            "labour_share": share / 100 if share is not None else None,
            "rate": data["taux_insertion"] / 100 if data["taux_insertion"] is not None else None,
            "hourly_cost": data["cout_horaire"],
        }
