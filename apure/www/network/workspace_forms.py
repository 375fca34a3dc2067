"""Forms of the working-group workspaces and of the notification choices."""

from django import forms

from apure.clauses.models import Segment, Theme
from apure.network.groupwork import check_attachments, check_version_file
from apure.network.models import DocumentKind, DocumentVisibility, Event, NotificationSettings

MARKDOWN_HELP = "Mise en forme Markdown : **gras**, listes avec « - », liens."
ATTACHMENT_HELP = (
    "Facultatif. Un document (PDF, DOCX, ODT, XLSX, ODS) ou une photo (PNG, JPEG, WebP) ; "
    "le type est vérifié d'après le contenu du fichier."
)


class AttachmentField(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(label="Pièce jointe", required=False, help_text=ATTACHMENT_HELP, **kwargs)


def _checked(form):
    uploaded = form.cleaned_data.get("attachment")
    return check_attachments([uploaded]) if uploaded else []


class ThreadForm(forms.Form):
    title = forms.CharField(label="Votre question", max_length=200)
    body = forms.CharField(label="Précisions", widget=forms.Textarea, help_text=MARKDOWN_HELP)
    segments = forms.ModelMultipleChoiceField(
        label="Segments d'achat concernés",
        queryset=Segment.objects.order_by("label"),
        required=False,
        help_text="Pour que les acheteurs du même segment retrouvent la question.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=Theme.objects.order_by("position", "label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = AttachmentField()

    def clean_attachment(self):
        self.checked_files = _checked(self)
        return self.cleaned_data.get("attachment")


class ReplyForm(forms.Form):
    body = forms.CharField(label="Votre réponse", widget=forms.Textarea, help_text=MARKDOWN_HELP)
    attachment = AttachmentField()

    def clean_attachment(self):
        self.checked_files = _checked(self)
        return self.cleaned_data.get("attachment")


class ThreadSearchForm(forms.Form):
    q = forms.CharField(label="Mots-clés", required=False)
    segment = forms.ModelChoiceField(
        label="Segment d'achat",
        queryset=Segment.objects.order_by("label"),
        required=False,
        empty_label="Tous",
        to_field_name="code",
    )
    theme = forms.ModelChoiceField(
        label="Thème",
        queryset=Theme.objects.order_by("position", "label"),
        required=False,
        empty_label="Tous",
        to_field_name="code",
    )

    def filter(self, threads):
        """The threads matching the facets; the words are searched by the caller."""
        if self.is_valid():
            if self.cleaned_data["segment"]:
                threads = threads.filter(segments=self.cleaned_data["segment"])
            if self.cleaned_data["theme"]:
                threads = threads.filter(themes=self.cleaned_data["theme"])
        return threads

    @property
    def words(self):
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, DOCX, ODT, XLSX ou ODS ; le type est vérifié d'après le contenu.",
    )
    note = forms.CharField(label="Ce qui change", max_length=300, required=False)

    def clean_file(self):
        self.checked_file = check_version_file(self.cleaned_data["file"])
        return self.cleaned_data["file"]


class DocumentForm(VersionForm):
    title = forms.CharField(label="Titre", max_length=200)
    kind = forms.ChoiceField(label="Nature", choices=DocumentKind.choices)
    visibility = forms.ChoiceField(
        label="Visible par",
        choices=DocumentVisibility.choices,
        help_text="« Public » : le document apparaît sur la page du groupe pour tout le monde.",
    )
    event = forms.ModelChoiceField(
        label="Réunion",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Aucune",
        help_text="Pour un compte rendu : la réunion du groupe qu'il résume.",
    )
    field_order = ["title", "kind", "visibility", "event", "file", "note"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.published().with_theme(group)


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["new_threads", "replies", "weekly_digest"]
        labels = {
            "new_threads": "M'écrire à chaque nouvelle question dans mes groupes",
            "replies": "M'écrire quand quelqu'un répond à mes questions",
            "weekly_digest": "M'envoyer chaque semaine le résumé des questions de mes groupes",
        }
