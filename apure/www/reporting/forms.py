from django import forms

from apure.organisations.models import Organisation
from apure.reporting import agec
from apure.reporting.models import (
    AgecDeclaration,
    AgecLine,
    EnteredValue,
    Objective,
    SpaserReport,
    SpaserScheme,
    Unit,
)


class SchemeForm(forms.ModelForm):
    class Meta:
        model = SpaserScheme
        fields = [
            "title",
            "adopted_on",
            "deliberation",
            "period_start",
            "period_end",
            "joint_with",
        ]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "joint_with": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joint_with"].queryset = Organisation.objects.members().exclude(
            pk=organisation.pk
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "La dernière année précède la première.")
        return data


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "category",
            "label",
            "measure",
            "unit",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]

    def clean(self):
        data = super().clean()
        objective = Objective(measure=data.get("measure") or "")
        if objective.is_computed and data.get("unit") and data["unit"] != Unit.PERCENT:
            self.add_error("unit", "Une part de marchés calculée s'exprime en %.")
        baseline, target = data.get("baseline_year"), data.get("target_year")
        if baseline and target and target < baseline:
            self.add_error("target_year", "L'année cible précède l'année de référence.")
        return data


class EnteredValueForm(forms.ModelForm):
    class Meta:
        model = EnteredValue
        fields = ["value", "source"]

    def __init__(self, *args, objective, **kwargs):
        super().__init__(*args, prefix=f"objectif-{objective.pk}", **kwargs)
        self.objective = objective
        self.fields["value"].label = f"Valeur ({objective.get_unit_display()})"
        self.fields["value"].required = False
        self.fields["source"].required = False

    def clean(self):
        data = super().clean()
        if data.get("value") is not None and not data.get("source"):
            self.add_error("source", "Dites d'où vient la valeur.")
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = SpaserReport
        # Putting the report online is its own action, with a confirmation (report_publish),
        # not a box to tick here as well.
        fields = ["actions"]
        widgets = {"actions": forms.Textarea(attrs={"rows": 6})}


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = AgecDeclaration
        fields = ["siret"]


class OpenDeclarationForm(forms.Form):
    year = forms.TypedChoiceField(label="Année civile des dépenses", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class AgecLineForm(forms.ModelForm):
    class Meta:
        model = AgecLine
        fields = ["total_eur", "reuse_eur", "donation_eur", "recycled_eur", "comment"]

    def clean(self):
        data = super().clean()
        total, reuse = data.get("total_eur"), data.get("reuse_eur")
        donation, recycled = data.get("donation_eur"), data.get("recycled_eur")
        if reuse is not None and donation is not None and donation > reuse:
            self.add_error(
                "donation_eur", "Les dons font partie du réemploi\u00a0: pas plus que lui."
            )
        for name, part in (("reuse_eur", reuse), ("recycled_eur", recycled)):
            if total is not None and part is not None and part > total:
                self.add_error(name, "Ce montant dépasse le montant total de la catégorie.")
        return data

    def save(self, commit=True):
        line = super().save(commit=False)
        agec.mark_entered(line, self.changed_data)
        if commit:
            line.save()
        return line


AgecLineFormSet = forms.modelformset_factory(AgecLine, form=AgecLineForm, extra=0)
