"""Forms of the working-group workspaces and of the notification choices."""

from django import forms
from django.core.exceptions import ValidationError

from apure.clauses.models import Segment, Theme
from apure.network.groupwork import MAX_ATTACHMENTS, check_attachment_file, check_version_file
from apure.network.models import DocumentKind, DocumentVisibility, Event, NotificationSettings
from apure.network.uploads import IMAGE_FORMATS

MARKDOWN_HELP = "Mise en forme Markdown\u00a0: **gras**, listes avec « - », liens."
ATTACHMENT_HELP = (
    "Facultatif. Un document (PDF, DOCX, ODT, XLSX, ODS) ou une photo (PNG, JPEG, WebP)\u00a0; "
    "le type est vérifié d'après le contenu du fichier."
)
ALT_HELP = "Pour une photo\u00a0: ce qu'elle montre, en quelques mots (lu à la place de l'image)."
ALT_MISSING = (
    "Décrivez la photo en quelques mots\u00a0: ce texte remplace l'image pour qui ne la voit pas."
)


class AttachmentsMixin:
    """Up to MAX_ATTACHMENTS files per message, each with its description, each checked from
    its bytes; when editing, existing attachments can be removed."""

    def add_attachment_fields(self, existing=None):
        self.existing_attachments = existing
        if existing is not None and existing.exists():
            self.fields["remove"] = forms.ModelMultipleChoiceField(
                label="Retirer des pièces jointes",
                queryset=existing,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        for number in range(1, MAX_ATTACHMENTS + 1):
            self.fields[f"attachment_{number}"] = forms.FileField(
                label=f"Pièce jointe {number}",
                required=False,
                help_text=ATTACHMENT_HELP if number == 1 else "Facultatif.",
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=f"Description de la pièce jointe {number}",
                max_length=300,
                required=False,
                help_text=ALT_HELP if number == 1 else "Pour une photo.",
            )

    def clean_attachments(self):
        """Check each new file from its bytes; a photo needs its description."""
        self.checked_files = []
        for number in range(1, MAX_ATTACHMENTS + 1):
            uploaded = self.cleaned_data.get(f"attachment_{number}")
            if not uploaded:
                continue
            alt_text = self.cleaned_data.get(f"alt_{number}", "")
            try:
                checked = check_attachment_file(uploaded, alt_text)
            except ValidationError as error:
                self.add_error(f"attachment_{number}", error)
                continue
            if checked.file_format in IMAGE_FORMATS and not checked.alt_text:
                self.add_error(f"alt_{number}", ALT_MISSING)
                continue
            self.checked_files.append(checked)
        removed = self.cleaned_data.get("remove") or []
        kept = (
            self.existing_attachments.count() - len(removed)
            if self.existing_attachments is not None
            else 0
        )
        if kept + len(self.checked_files) > MAX_ATTACHMENTS:
            raise ValidationError(
                "Un message porte au plus %(max)s pièces jointes\u00a0: retirez-en avant d'en "
                "ajouter.",
                params={"max": MAX_ATTACHMENTS},
            )
        self.removed_attachments = list(removed)


class ThreadForm(AttachmentsMixin, forms.Form):
    title = forms.CharField(label="Votre question", max_length=200)
    body = forms.CharField(label="Précisions", widget=forms.Textarea, help_text=MARKDOWN_HELP)
    segments = forms.ModelMultipleChoiceField(
        label="Segments d'achat concernés",
        queryset=Segment.objects.all(),  # French order (Segment.Meta)
        required=False,
        help_text="Pour que les acheteurs du même segment retrouvent la question.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=Theme.objects.order_by("position", "label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, existing_attachments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attachment_fields(existing_attachments)

    def clean(self):
        cleaned = super().clean()
        self.clean_attachments()
        return cleaned


class ReplyForm(AttachmentsMixin, forms.Form):
    body = forms.CharField(label="Votre réponse", widget=forms.Textarea, help_text=MARKDOWN_HELP)

    def __init__(self, *args, existing_attachments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attachment_fields(existing_attachments)

    def clean(self):
        cleaned = super().clean()
        self.clean_attachments()
        return cleaned


class ThreadSearchForm(forms.Form):
    q = forms.CharField(label="Mots-clés", required=False)
    segment = forms.ModelChoiceField(
        label="Segment d'achat",
        queryset=Segment.objects.all(),  # French order (Segment.Meta)
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


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher dans les documents", required=False, max_length=200)

    @property
    def words(self):
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, DOCX, ODT, XLSX ou ODS\u00a0; le type est vérifié d'après le contenu.",
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
        help_text="« Public »\u00a0: le document apparaît sur la page du groupe pour tout le "
        "monde.",
    )
    event = forms.ModelChoiceField(
        label="Réunion",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Aucune",
        help_text="Pour un compte rendu\u00a0: la réunion du groupe qu'il résume.",
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
