"""Factories for the network's content."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apure.network.models import (
    Event,
    News,
    Registration,
    RegistrationStatus,
    Resource,
    ResourceKind,
    Status,
    Subscriber,
    WorkingGroup,
)


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"groupe-{n}")
    short_name = factory.Sequence(lambda n: f"Thème {n}")
    name = factory.Sequence(lambda n: f"Groupe de travail {n}")
    description = "Un groupe pour avancer ensemble."


class PublishedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class NewsFactory(PublishedFactory):
    class Meta:
        model = News

    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    summary = "Un résumé de l'actualité."
    body = "Le texte **complet** de l'actualité."


class EventFactory(PublishedFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Rencontre numéro {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    place = "Lille"
    description = "Une rencontre des acheteurs du réseau."
    capacity = None


class ResourceFactory(PublishedFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Ressource numéro {n}")
    kind = ResourceKind.GUIDE
    summary = "Une ressource utile."
    url = "https://exemple.fr/ressource"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = "Claude Visiteur"
    email = factory.Sequence(lambda n: f"visiteur{n}@exemple.fr")
    status = RegistrationStatus.CONFIRMED


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abonne{n}@exemple.fr")
    confirmed_at = factory.LazyFunction(timezone.now)
