"""A working group's workspace: its questions and answers, its documents; the public
« Questions d'acheteurs »; the member's notification choices."""

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from apure.network import groupwork, notifications
from apure.network.markup import render_markdown
from apure.network.models import (
    Attachment,
    DocumentVersion,
    GroupDocument,
    Reply,
    Thread,
    WorkingGroup,
)
from apure.organisations.permissions import (
    can_edit_post,
    can_mark_best_reply,
    can_publish_thread,
    can_read_group_document,
    can_use_group_workspace,
    is_facilitator,
    is_member,
)

from ..workspace_forms import (
    DocumentForm,
    DocumentSearchForm,
    NotificationSettingsForm,
    ReplyForm,
    ThreadForm,
    ThreadSearchForm,
    VersionForm,
)
from .resources import CONTENT_TYPES

ATTACHMENT_CONTENT_TYPES = {
    **CONTENT_TYPES,
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
WORKSPACE_DENIED = (
    "L'espace de travail est réservé aux membres du groupe et à l'animation du réseau\u00a0: "
    "rejoignez le groupe depuis sa page."
)


class WorkspaceMixin(LoginRequiredMixin):
    """The group of the URL, for its members and the facilitators only."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.group = get_object_or_404(WorkingGroup, slug=kwargs["slug"])
        if not can_use_group_workspace(request.user, self.group):
            raise PermissionDenied(WORKSPACE_DENIED)
        return super().dispatch(request, *args, **kwargs)

    def get_thread(self):
        return get_object_or_404(
            Thread.objects.in_group(self.group).select_related("author__organisation"),
            pk=self.kwargs["pk"],
        )


# Threads --------------------------------------------------------------------------------------


class ThreadListView(WorkspaceMixin, TemplateView):
    template_name = "network/thread_list.html"

    def get_context_data(self, **kwargs):
        search_form = ThreadSearchForm(self.request.GET or None)
        threads = search_form.filter(Thread.objects.in_group(self.group).for_list())
        return super().get_context_data(
            group=self.group,
            search_form=search_form,
            threads=groupwork.search_threads(threads, search_form.words),
            searched=bool(self.request.GET),
            **kwargs,
        )


class ThreadCreateView(WorkspaceMixin, FormView):
    template_name = "network/thread_form.html"
    form_class = ThreadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        thread = groupwork.ask(
            self.group,
            self.request.user,
            title=data["title"],
            body=data["body"],
            segments=data["segments"],
            themes=data["themes"],
            files=form.checked_files,
        )
        messages.success(
            self.request, "Votre question est posée\u00a0: les membres du groupe sont prévenus."
        )
        return redirect(thread)


EDIT_DENIED = "Seule la personne qui l'a écrit, ou l'animation du réseau, modifie ce message."


class ThreadEditView(WorkspaceMixin, FormView):
    """The asker corrects the question, a facilitator moderates it; the page says « modifiée
    le … »."""

    template_name = "network/thread_edit.html"
    form_class = ThreadForm

    @cached_property
    def thread(self):
        thread = self.get_thread()
        if not can_edit_post(self.request.user, thread):
            raise PermissionDenied(EDIT_DENIED)
        return thread

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["existing_attachments"] = self.thread.attachments.all()
        if self.request.method == "GET":
            kwargs["initial"] = {
                "title": self.thread.title,
                "body": self.thread.body,
                "segments": list(self.thread.segments.all()),
                "themes": list(self.thread.themes.all()),
            }
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, thread=self.thread, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        groupwork.edit_thread(
            self.thread,
            self.request.user,
            title=data["title"],
            body=data["body"],
            segments=data["segments"],
            themes=data["themes"],
            files=form.checked_files,
            removed=form.removed_attachments,
        )
        messages.success(self.request, "La question est modifiée.")
        return redirect(self.thread)


class ReplyEditView(WorkspaceMixin, FormView):
    template_name = "network/reply_edit.html"
    form_class = ReplyForm

    @cached_property
    def thread(self):
        return self.get_thread()

    @cached_property
    def reply(self):
        reply = get_object_or_404(self.thread.replies, pk=self.kwargs["reply"])
        if not can_edit_post(self.request.user, reply):
            raise PermissionDenied(EDIT_DENIED)
        return reply

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["existing_attachments"] = self.reply.attachments.all()
        if self.request.method == "GET":
            kwargs["initial"] = {"body": self.reply.body}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group, thread=self.thread, reply=self.reply, **kwargs
        )

    def form_valid(self, form):
        groupwork.edit_reply(
            self.reply,
            self.request.user,
            body=form.cleaned_data["body"],
            files=form.checked_files,
            removed=form.removed_attachments,
        )
        messages.success(self.request, "La réponse est modifiée.")
        return redirect(f"{self.thread.get_absolute_url()}#reponse-{self.reply.pk}")


class ThreadDetailView(WorkspaceMixin, FormView):
    """The question, its replies and the reply form (POST adds a reply)."""

    template_name = "network/thread_detail.html"
    form_class = ReplyForm

    def get_context_data(self, **kwargs):
        thread = self.get_thread()
        user = self.request.user
        replies = thread.replies.select_related("author__organisation").prefetch_related(
            "attachments"
        )
        return super().get_context_data(
            group=self.group,
            thread=thread,
            body=render_markdown(thread.body),
            attachments=thread.attachments.all(),
            replies=[
                (reply, render_markdown(reply.body), can_edit_post(user, reply))
                for reply in replies
            ],
            can_edit=can_edit_post(user, thread),
            can_mark_best=can_mark_best_reply(user, thread),
            can_publish=can_publish_thread(user, thread),
            is_facilitator=is_facilitator(user),
            **kwargs,
        )

    def form_valid(self, form):
        thread = self.get_thread()
        groupwork.answer(
            thread, self.request.user, body=form.cleaned_data["body"], files=form.checked_files
        )
        messages.success(self.request, "Votre réponse est publiée dans le groupe.")
        return redirect(thread)


class BestReplyView(WorkspaceMixin, View):
    """POST only: the asker or a facilitator marks the reply that settled the question."""

    def post(self, request, slug, pk):
        thread = self.get_thread()
        if not can_mark_best_reply(request.user, thread):
            raise PermissionDenied(
                "Seule la personne qui a posé la question, ou l'animation, choisit la meilleure "
                "réponse."
            )
        reply = get_object_or_404(Reply, pk=request.POST.get("reply"), thread=thread)
        groupwork.mark_best_reply(thread, reply)
        messages.success(request, "Cette réponse est marquée comme meilleure réponse.")
        return redirect(thread)


class ThreadPublicationView(WorkspaceMixin, View):
    """POST only: a facilitator publishes a resolved question in « Questions d'acheteurs »,
    without the names of the people, or withdraws it."""

    def post(self, request, slug, pk):
        thread = self.get_thread()
        if not is_facilitator(request.user):
            raise PermissionDenied("Seule l'animation du réseau rend une question publique.")
        if request.POST.get("action") == "withdraw":
            groupwork.withdraw_public(thread)
            messages.success(request, "La question n'est plus publique.")
        elif can_publish_thread(request.user, thread):
            groupwork.make_public(thread, request.user)
            messages.success(
                request, "La question et ses réponses sont publiques, sans le nom des personnes."
            )
        else:
            messages.error(
                request, "Marquez d'abord la meilleure réponse\u00a0: seules les questions "
                "résolues sont rendues publiques."
            )  # fmt: skip
        return redirect(thread)


class AttachmentView(LoginRequiredMixin, View):
    """Attachments stay within the group, even when the question was made public: a file may
    carry the name of the body that wrote it."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            Attachment.objects.select_related("thread__group", "reply__thread__group"), pk=pk
        )
        if not can_use_group_workspace(request.user, attachment.owner_thread.group):
            raise PermissionDenied(WORKSPACE_DENIED)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=not attachment.is_image,
            filename=f"piece-jointe-{attachment.pk}.{attachment.file_format}",
            content_type=ATTACHMENT_CONTENT_TYPES.get(
                attachment.file_format, "application/octet-stream"
            ),
        )


# Documents ------------------------------------------------------------------------------------


class DocumentListView(TemplateView):
    """Everyone sees the public documents; the group's members and facilitators see all."""

    template_name = "network/document_list.html"

    def get_context_data(self, **kwargs):
        group = get_object_or_404(WorkingGroup, slug=self.kwargs["slug"])
        in_workspace = can_use_group_workspace(self.request.user, group)
        documents = group.documents.for_list()
        if not in_workspace:
            # Restricted before searching: members-only documents never reach a visitor's
            # results, whatever the words.
            documents = documents.public()
        search_form = DocumentSearchForm(self.request.GET or None)
        return super().get_context_data(
            group=group,
            documents=groupwork.search_documents(documents, search_form.words),
            search_form=search_form,
            searched=bool(search_form.words),
            in_workspace=in_workspace,
            **kwargs,
        )


class DocumentCreateView(WorkspaceMixin, FormView):
    template_name = "network/document_form.html"
    form_class = DocumentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group}

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        document = groupwork.add_document(
            self.group,
            self.request.user,
            title=data["title"],
            kind=data["kind"],
            visibility=data["visibility"],
            event=data["event"],
            file=form.checked_file,
            note=data["note"],
        )
        messages.success(self.request, "Le document est déposé (version 1).")
        return redirect(document)


class DocumentDetailView(FormView):
    """A document and its versions; the group's members upload a new version (POST)."""

    template_name = "network/document_detail.html"
    form_class = VersionForm

    def dispatch(self, request, *args, **kwargs):
        self.document = get_object_or_404(
            GroupDocument.objects.select_related("group", "event"),
            pk=kwargs["pk"],
            group__slug=kwargs["slug"],
        )
        if not can_read_group_document(request.user, self.document):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(WORKSPACE_DENIED)
        self.in_workspace = can_use_group_workspace(request.user, self.document.group)
        if request.method == "POST" and not self.in_workspace:
            raise PermissionDenied(WORKSPACE_DENIED)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=self.document,
            group=self.document.group,
            versions=self.document.versions.select_related("uploaded_by"),
            in_workspace=self.in_workspace,
            **kwargs,
        )

    def form_valid(self, form):
        version = groupwork.add_version(
            self.document,
            self.request.user,
            file=form.checked_file,
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, f"Version {version.number} déposée.")
        return redirect(self.document)


class DocumentDownloadView(View):
    def get(self, request, pk):
        version = get_object_or_404(
            DocumentVersion.objects.select_related("document__group"), pk=pk
        )
        if not can_read_group_document(request.user, version.document):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(WORKSPACE_DENIED)
        return FileResponse(
            version.file.open("rb"),
            as_attachment=True,
            filename=f"{version.document.pk}-v{version.number}.{version.file_format}",
            content_type=CONTENT_TYPES.get(version.file_format, "application/octet-stream"),
        )


# Public questions -----------------------------------------------------------------------------


class QuestionListView(TemplateView):
    template_name = "network/question_list.html"

    def get_context_data(self, **kwargs):
        search_form = ThreadSearchForm(self.request.GET or None)
        threads = search_form.filter(Thread.objects.public().for_list())
        return super().get_context_data(
            search_form=search_form,
            threads=groupwork.search_threads(threads, search_form.words),
            searched=bool(self.request.GET),
            **kwargs,
        )


class QuestionDetailView(TemplateView):
    """A public question: the best answer first, no names of people or bodies."""

    template_name = "network/question_detail.html"

    def get_context_data(self, **kwargs):
        thread = get_object_or_404(
            Thread.objects.public().select_related("group", "best_reply"), pk=self.kwargs["pk"]
        )
        others = thread.replies.exclude(pk=thread.best_reply_id)
        return super().get_context_data(
            thread=thread,
            body=render_markdown(thread.body),
            best=render_markdown(thread.best_reply.body),
            others=[render_markdown(reply.body) for reply in others],
            in_workspace=can_use_group_workspace(self.request.user, thread.group),
            **kwargs,
        )


# Notifications --------------------------------------------------------------------------------


class NotificationSettingsView(LoginRequiredMixin, FormView):
    template_name = "network/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        instance = notifications.settings_for(self.request.user)
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=self.request.user.working_groups.all(),
            in_network=is_member(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Vos choix de notifications sont enregistrés.")
        return redirect("network:notification_settings")


@method_decorator(csrf_exempt, name="dispatch")
class NotificationUnsubscribeView(TemplateView):
    """GET shows a confirm button; POST stops that kind of e-mail. Exempt from CSRF because
    mail clients send the POST themselves (RFC 8058 one-click); only the signed token counts."""

    template_name = "network/notification_unsubscribe.html"

    def get_context_data(self, **kwargs):
        kind, error = None, None
        try:
            _user, kind = notifications.read_unsubscribe_token(self.kwargs["token"])
        except notifications.NotificationError as exc:
            error = str(exc)
        return super().get_context_data(kind=kind, error=error, **{"done": False, **kwargs})

    def post(self, request, token):
        # An invalid token changes nothing; the page says why, read from the same token.
        with suppress(notifications.NotificationError):
            notifications.unsubscribe(token)
        return self.render_to_response(self.get_context_data(done=True))
