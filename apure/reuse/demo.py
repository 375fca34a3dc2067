"""Example lots, requests and one complete exchange between three founding members, every item
marked « Exemple ». Figures are plausible, not real."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apure.organisations.demo import DEMO_FACILITATOR_PASSWORD
from apure.organisations.models import Organisation, User
from apure.reference.models import Commune

from . import factors, workflow
from .choices import Category, Condition, Price, Removal, Unit
from .models import ImpactFactor, Lot, LotStatus, Reservation, Wanted

NOTE = "\n\nLot d'exemple créé pour la démonstration de la plateforme."
DEMO_PEOPLE = {
    "mel": ("reemploi-mel@apure.localhost", "Sacha", "Patrimoine"),
    "lille": ("reemploi-lille@apure.localhost", "Alix", "Bâtiments"),
    "cud": ("reemploi-cud@apure.localhost", "Noa", "Achats"),
}
# (body, title, category, description, quantity, unit, kg per unit, condition, commune,
#  removal, new value per unit, factor code)
LOTS = [
    (
        "mel",
        "Portes intérieures isoplanes 83 cm avec huisseries",
        Category.PARTITIONS,
        "Déposées avec soin lors de la réhabilitation d'un bâtiment administratif.",
        24,
        Unit.PIECE,
        25,
        Condition.GOOD,
        "59350",
        Removal.ALREADY_REMOVED,
        180,
        "",
    ),
    (
        "mel",
        "Chaises de bureau en bois",
        Category.FURNITURE,
        "Chaises de salle de réunion, assise bois, quelques rayures.",
        40,
        Unit.PIECE,
        8,
        Condition.GOOD,
        "59350",
        Removal.ALREADY_REMOVED,
        90,
        "mobilier-masse",
    ),
    (
        "cud",
        "Radiateurs en fonte à éléments",
        Category.HVAC,
        "Radiateurs à eau chaude, purgés, à déposer par le preneur.",
        12,
        Unit.PIECE,
        60,
        Condition.FAIR,
        "59183",
        Removal.TAKER_DISMANTLES,
        450,
        "",
    ),
    (
        "cud",
        "Dalles de faux plancher technique 60 × 60",
        Category.FINISHES,
        "Dalles sur vérins, plateau aggloméré, d'un ancien local informatique.",
        120,
        Unit.SQUARE_METRE,
        30,
        Condition.GOOD,
        "59183",
        Removal.ALREADY_REMOVED,
        85,
        "",
    ),
    (
        "lille",
        "Ordinateurs portables 14 pouces",
        Category.IT,
        "Postes de 2021, batteries testées, disques effacés par un prestataire certifié.",
        15,
        Unit.PIECE,
        2,
        Condition.GOOD,
        "59350",
        Removal.DELIVERED,
        700,
        "informatique-portable",
    ),
    (
        "lille",
        "Luminaires LED encastrés 60 × 60",
        Category.ELECTRICAL,
        "Pavés LED pour faux plafond, fonctionnels.",
        30,
        Unit.PIECE,
        4,
        Condition.AS_NEW,
        "59350",
        Removal.ALREADY_REMOVED,
        120,
        "",
    ),
]
WANTED = [
    (
        "cud",
        "Cloisons amovibles vitrées",
        Category.PARTITIONS,
        "cloison",
        "Environ 40 ml pour réaménager un plateau de bureaux.",
        "59183",
        50,
    ),
    (
        "lille",
        "Radiateurs en fonte",
        Category.HVAC,
        "radiateur",
        "Pour une école en rénovation, 6 à 10 éléments.",
        "59350",
        100,
    ),
]


def _person(organisation, email, first, last):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "organisation": organisation},
    )
    if created:
        user.set_password(DEMO_FACILITATOR_PASSWORD)
        user.save()
    return user


def _lot(organisation, user, row, today):
    (
        _,
        title,
        category,
        description,
        quantity,
        unit,
        unit_mass,
        condition,
        commune,
        removal,
        value,
        factor_code,
    ) = row
    factor = ImpactFactor.objects.in_force(today).filter(code=factor_code).first()
    lot, _ = Lot.objects.get_or_create(
        organisation=organisation,
        title=title,
        is_example=True,
        parent=None,
        defaults={
            "created_by": user,
            "category": category,
            "description": description + NOTE,
            "quantity": Decimal(quantity),
            "unit": unit,
            "unit_mass_kg": Decimal(unit_mass),
            "condition": condition,
            "commune": Commune.objects.get(code=commune),
            "available_from": today,
            "available_until": today + timedelta(days=120),
            "removal": removal,
            "price": Price.FREE,
            "new_unit_value_eur": Decimal(value),
            "factor": factor,
            "contact_name": user.get_full_name(),
            "contact_email": user.email,
            "status": LotStatus.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    return lot


@transaction.atomic
def load(out):
    factors.load_shipped(ImpactFactor)
    today = timezone.localdate()
    people = {}
    for slug, (email, first, last) in DEMO_PEOPLE.items():
        organisation = Organisation.objects.get(slug=slug)
        people[slug] = _person(organisation, email, first, last)
    lots = [_lot(people[row[0]].organisation, people[row[0]], row, today) for row in LOTS]
    for slug, title, category, words, details, commune, radius in WANTED:
        Wanted.objects.get_or_create(
            organisation=people[slug].organisation,
            title=title,
            is_example=True,
            defaults={
                "created_by": people[slug],
                "category": category,
                "words": words,
                "details": details,
                "commune_id": commune,
                "radius_km": radius,
            },
        )
    if not Reservation.objects.filter(is_example=True).exists():
        _complete_exchange(lots[1], people["mel"], people["lille"], today)
    out(
        f"Réemploi\u00a0: {Lot.objects.filter(is_example=True).count()} lots d'exemple, "
        f"comptes {', '.join(email for email, _, _ in DEMO_PEOPLE.values())} "
        f"(mot de passe {DEMO_FACILITATOR_PASSWORD})"
    )


def _complete_exchange(lot, owner, taker, today):
    """Ten chairs of the MEL go to the Ville de Lille: request, acceptance, date, hand-over."""
    reservation = workflow.request(lot, taker, Decimal(10), "Pour la salle du conseil.")
    workflow.accept(reservation, owner)
    reservation.refresh_from_db()
    workflow.schedule(reservation, taker, today)
    workflow.hand_over(reservation, owner, Decimal(10), today)
