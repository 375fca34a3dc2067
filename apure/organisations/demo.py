"""Demo data for organisations: the founding members and a facilitator account."""

from django.utils.text import slugify

from .founders import FOUNDERS, HAUTS_DE_FRANCE
from .models import Organisation, Role, User
from .roles import give_role

DEMO_FACILITATOR_EMAIL = "animation@apure.localhost"
DEMO_FACILITATOR_PASSWORD = "demo-apure-2026"  # noqa: S105 - printed on purpose: demo only


def create_founders():
    created = 0
    for founder in FOUNDERS:
        fields = dict(founder)
        departement = fields.pop("departement")
        region = fields.pop("region", HAUTS_DE_FRANCE)
        _, was_created = Organisation.objects.update_or_create(
            slug=slugify(fields["short_name"]),
            defaults={
                **fields,
                "region_id": region,
                "departement_id": departement,
                "is_member": True,
                "is_founder": True,
            },
        )
        created += was_created
    return created


def create_facilitator():
    cerdd = Organisation.objects.get(slug="cerdd")
    user, created = User.objects.get_or_create(
        email=DEMO_FACILITATOR_EMAIL,
        defaults={
            "first_name": "Camille",
            "last_name": "Animation",
            "organisation": cerdd,
        },
    )
    if created:
        user.set_password(DEMO_FACILITATOR_PASSWORD)
        user.save()
        give_role(user, Role.FACILITATOR)
    return user, created


def load(out):
    created = create_founders()
    out(
        f"Structures fondatrices\u00a0: {Organisation.objects.filter(is_founder=True).count()} "
        f"({created} créées)"
    )
    user, created = create_facilitator()
    if created:
        out(
            f"Compte animateur de démonstration créé\u00a0: {user.email} / "
            f"{DEMO_FACILITATOR_PASSWORD}"
        )
    else:
        out(
            f"Compte animateur de démonstration\u00a0: {user.email} (mot de passe inchangé, "
            f"initialement {DEMO_FACILITATOR_PASSWORD})"
        )
