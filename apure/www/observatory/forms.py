from django import forms

from apure.observatory import contracts, geography, labels, segments
from apure.observatory.filters import AMOUNT_BANDS


def _choices(items, empty):
    return [("", empty), *items]


class FilterForm(forms.Form):
    """The filters of every observatory view (GET); validated again by Filters.from_query."""

    annee = forms.MultipleChoiceField(
        label="Années", required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    acheteur = forms.CharField(
        label="SIRET de l'acheteur", required=False, max_length=14,
        help_text="14 chiffres",
    )  # fmt: skip
    categorie = forms.ChoiceField(label="Catégorie d'acheteur", required=False)
    segment = forms.ChoiceField(label="Segment d'achat", required=False)
    cpv = forms.CharField(
        label="Division CPV", required=False, max_length=2, help_text="2 chiffres, ex. 45"
    )
    procedure = forms.ChoiceField(label="Procédure", required=False)
    montant = forms.ChoiceField(label="Tranche de montant", required=False)
    type = forms.ChoiceField(label="Type de contrat", required=False)

    def __init__(self, filters, *args, **kwargs):
        initial = filters.as_dict()
        initial["annee"] = [str(year) for year in filters.years]
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["annee"].choices = [(str(y), str(y)) for y in contracts.available_years()]
        self.fields["region"].choices = _choices(
            sorted(geography.regions().items(), key=lambda item: item[1]), "Toute la France"
        )
        self.fields["departement"].choices = _choices(
            [(code, f"{code} {name}") for code, (name, _) in geography.departements().items()],
            "Tous",
        )
        self.fields["categorie"].choices = _choices(
            [*labels.BUYER_KINDS.items(), (labels.UNKNOWN_BUYER_KIND, "Inconnue")], "Toutes"
        )
        self.fields["segment"].choices = _choices(
            [(s.code, s.label) for s in segments.all_segments()], "Tous"
        )
        self.fields["procedure"].choices = _choices(
            [(p, p) for p in contracts.procedures()], "Toutes"
        )
        self.fields["montant"].choices = _choices(
            [(code, label) for code, (label, _, _) in AMOUNT_BANDS.items()], "Tous"
        )
        self.fields["type"].choices = _choices(list(labels.CONTRACT_KINDS.items()), "Tous")
