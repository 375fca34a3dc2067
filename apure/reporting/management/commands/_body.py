"""The --body SIREN argument shared by the reporting commands."""

from django.core.management.base import CommandError

from apure.organisations.models import Organisation


def body(siren: str) -> Organisation:
    organisation = Organisation.objects.filter(siren=siren.replace(" ", "")).first()
    if organisation is None:
        raise CommandError(f"Aucune structure de SIREN {siren}.")
    return organisation
