"""Factories for the working-group workspaces (threads, replies, documents)."""

import factory
from factory.django import DjangoModelFactory

from apure.network.models import (
    DocumentKind,
    DocumentVersion,
    DocumentVisibility,
    GroupDocument,
    Reply,
    Thread,
)
from tests.factories import UserFactory

from .factories import WorkingGroupFactory


class ThreadFactory(DjangoModelFactory):
    class Meta:
        model = Thread

    group = factory.SubFactory(WorkingGroupFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Question numéro {n}")
    body = "Comment rédigez-vous la clause ?"


class ReplyFactory(DjangoModelFactory):
    class Meta:
        model = Reply

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "Nous avons fait ainsi."


class GroupDocumentFactory(DjangoModelFactory):
    class Meta:
        model = GroupDocument

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Compte rendu {n}")
    kind = DocumentKind.MINUTES
    visibility = DocumentVisibility.GROUP


class DocumentVersionFactory(DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(GroupDocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(filename="cr.pdf", data=b"%PDF-1.4 test")
    file_format = "pdf"
