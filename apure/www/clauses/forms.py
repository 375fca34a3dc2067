from django import forms

from apure.clauses.models import Kind, Segment, Theme


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher une clause", required=False, max_length=200)
    segment = forms.ChoiceField(label="Segment d'achat", required=False)
    kind = forms.ChoiceField(
        label="Type de clause", required=False, choices=[("", "Tous les types"), *Kind.choices]
    )
    theme = forms.ChoiceField(label="Thème", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [
            ("", "Tous les segments"),
            *[(segment.code, segment.label) for segment in Segment.objects.alphabetical()],
        ]
        self.fields["theme"].choices = [
            ("", "Tous les thèmes"),
            *Theme.objects.values_list("code", "label"),
        ]
