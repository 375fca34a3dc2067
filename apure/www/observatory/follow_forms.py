from django import forms

from apure.follow.models import ReportTopic


class ReportForm(forms.Form):
    topic = forms.ChoiceField(
        label="Ce qui est faux", choices=[("", "— choisissez —"), *ReportTopic.choices]
    )
    message = forms.CharField(
        label="Décrivez l'erreur",
        help_text="Ce qui est publié, ce qui serait juste, et comment vous le savez "
        "(2 000 caractères au plus).",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Nous vous envoyons un lien pour confirmer le signalement\u00a0: il n'est "
        "transmis à l'animation du réseau qu'après cette confirmation.",
    )

    def __init__(self, *args, signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:  # the account proves the address
            del self.fields["email"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Commentaire", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
