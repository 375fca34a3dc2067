from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apure.reuse.choices import Category, Condition, Removal, Unit
from apure.reuse.models import Lot, LotStatus
from tests.factories import OrganisationFactory


class LotFactory(DjangoModelFactory):
    class Meta:
        model = Lot

    organisation = factory.SubFactory(OrganisationFactory)
    status = LotStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"Portes isoplanes lot {n}")
    category = Category.PARTITIONS
    description = "Portes intérieures déposées avec leurs huisseries."
    quantity = Decimal(20)
    unit = Unit.PIECE
    unit_mass_kg = Decimal(25)
    condition = Condition.GOOD
    commune_id = "59350"
    available_from = date(2026, 1, 1)
    removal = Removal.ALREADY_REMOVED
    new_unit_value_eur = Decimal(180)
    contact_name = "Sacha Patrimoine"
    contact_email = factory.Sequence(lambda n: f"contact{n}@cedant.fr")
    contact_phone = "03 20 00 00 00"
    published_at = factory.LazyFunction(timezone.now)
