"""Factories shared by the whole suite (one module per domain would split hairs here)."""

import factory
from factory.django import DjangoModelFactory

from apure.organisations.models import Organisation, OrganisationKind, Role, User

PASSWORD = "un-mot-de-passe-solide-42"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Commune exemple {n}")
    slug = factory.Sequence(lambda n: f"commune-exemple-{n}")
    kind = OrganisationKind.COMMUNE
    is_member = True


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"acheteur{n}@exemple.fr")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Acheteur{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class FacilitatorFactory(UserFactory):
    role = Role.FACILITATOR
    is_staff = True
