"""What a buyer says of a contract draft, validated the same way on the website and in
`apure recommend`: amounts in euros, shares and rates in per cent, numbers as French people
type them (« 1 200 000 », « 12,5 »), French messages."""

from datetime import date

from django import forms

from apure.obligations import BUYER_KINDS
from apure.obligations.draft import KINDS, NATURES, RENOVATION_ELEMENTS
from apure.obligations.thresholds import number
from apure.reference.legal import first
from apure.www.pages.fields import FrenchDecimalField

from .sizing import DEFAULT_DURATION_MONTHS, DEFAULT_HOURLY_COST, DEFAULT_RATE

# The help texts quote the rules' own thresholds (apure/reference/data/legal.json).
FLEET_THRESHOLD = number(first("clean_vehicles_fleet_threshold").value)
SMALL_COMMUNE = number(first("plastic_containers_small_commune_population").value)

YES_NO_UNKNOWN = [("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")]


def _yes_no(value):
    return {"oui": True, "non": False}.get(value)


def _whole(value):
    """A count typed in a decimal field (« 2 000 ») as an int, None when left empty."""
    return int(value) if value is not None else None


class RecommendForm(forms.Form):
    objet = forms.CharField(
        label="Objet du marché",
        max_length=500,
        help_text="Par exemple\u00a0: réhabilitation thermique d'un groupe scolaire.",
    )
    cpv = forms.CharField(
        label="Code CPV ou mots-clés",
        required=False,
        max_length=200,
        help_text="Un code à 8 chiffres, ou des mots pour chercher un code\u00a0; laissé vide, le "
        "code est deviné depuis l'objet.",
    )
    # A text field shown as radio buttons: the options are rebuilt on each request.
    cpv_choice = forms.CharField(
        label="Codes CPV proposés", required=False, widget=forms.RadioSelect
    )
    # Optional, resolved by the page (apure.www.clauses): where the work is done, to count the
    # inclusive suppliers nearby; the obligations do not depend on it.
    commune = forms.CharField(
        label="Commune d'exécution (facultatif)",
        required=False,
        max_length=150,
        help_text="Code INSEE, code postal ou nom\u00a0: pour compter les structures d'insertion "
        "et ESAT proches qui exercent dans ce domaine.",
    )
    montant = FrenchDecimalField(
        label="Montant estimé (€ HT)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="Par exemple\u00a0: 1 200 000 ou 1 200 000,50.",
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
    surface = FrenchDecimalField(
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
        help_text="Sur les 7\u00a0: " + "\u00a0; ".join(RENOVATION_ELEMENTS) + ".",
    )
    substances_dangereuses = forms.ChoiceField(
        label="Bâtiment ayant accueilli une activité utilisant des substances dangereuses",
        required=False,
        choices=YES_NO_UNKNOWN,
    )
    depenses_annuelles = FrenchDecimalField(
        label="Achats annuels de votre structure (€ HT)",
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=0,
        help_text="Dépenses de l'année civile au titre des marchés, pour l'obligation de SPASER.",
    )
    flotte_vehicules_legers = FrenchDecimalField(
        label="Véhicules légers de votre flotte",
        required=False,
        min_value=0,
        max_value=1_000_000,
        max_digits=7,
        decimal_places=0,
        help_text="Véhicules de moins de 3,5\u00a0t que gère votre structure, pour un achat ou "
        f"une location de véhicules\u00a0: au-delà de {FLEET_THRESHOLD}, une part de véhicules à "
        "faibles émissions s'impose.",
    )
    population_commune = FrenchDecimalField(
        label="Population de la commune (habitants)",
        required=False,
        min_value=0,
        max_value=10_000_000,
        max_digits=8,
        decimal_places=0,
        help_text="Pour une commune qui achète des repas scolaires ou de petite enfance\u00a0: "
        "l'interdiction des contenants en plastique s'applique plus tard sous "
        f"{SMALL_COMMUNE} habitants.",
    )
    part_main_oeuvre = FrenchDecimalField(
        label="Part de main-d'œuvre (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        help_text="Laissée vide\u00a0: valeur du segment d'achat.",
    )
    taux_insertion = FrenchDecimalField(
        label="Taux d'insertion (% des heures de main-d'œuvre)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        # The field checks that its initial value fits it (5 %, not 5,00 %).
        initial=DEFAULT_RATE * 100,
    )
    cout_horaire = FrenchDecimalField(
        label="Coût horaire chargé (€)",
        required=False,
        min_value=1,
        max_digits=7,
        decimal_places=2,
        initial=DEFAULT_HOURLY_COST,
    )
    duree_mois = forms.IntegerField(
        label="Durée du marché (mois)",
        required=False,
        min_value=1,
        max_value=120,
        help_text=f"Reconductions comprises\u00a0; laissée vide, {DEFAULT_DURATION_MONTHS} mois "
        "pour convertir les heures d'insertion en heures par an.",
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
            "duration_months": data["duree_mois"],
            "light_vehicle_fleet": _whole(data["flotte_vehicules_legers"]),
            "buyer_population": _whole(data["population_commune"]),
        }

    def sizing_arguments(self) -> dict:
        data = self.cleaned_data
        share = data["part_main_oeuvre"]
        return {
            "labour_share": share / 100 if share is not None else None,
            "rate": data["taux_insertion"] / 100 if data["taux_insertion"] is not None else None,
            "hourly_cost": data["cout_horaire"],
        }
