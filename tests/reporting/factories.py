from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apure.reporting.models import Measure, Objective, ObjectiveCategory, SpaserScheme, Unit
from tests.factories import OrganisationFactory


class SchemeFactory(DjangoModelFactory):
    class Meta:
        model = SpaserScheme

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Schéma des achats responsables"
    period_start = 2024
    period_end = 2028


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    scheme = factory.SubFactory(SchemeFactory)
    category = ObjectiveCategory.INSERTION
    label = "Marchés comportant une considération sociale"
    measure = Measure.SOCIAL_COUNT
    unit = Unit.PERCENT
    baseline_year = 2022
    baseline_value = Decimal("20")
    target_year = 2028
    target_value = Decimal("40")
