import factory
from factory.django import DjangoModelFactory

from apure.clauses.models import Clause, Segment, Status


class SegmentFactory(DjangoModelFactory):
    class Meta:
        model = Segment
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"segment-{n}")
    label = factory.Sequence(lambda n: f"Segment {n}")
    nature = "services"
    cpv_prefixes = ["909"]
    labour_share = "0.5"


class ClauseFactory(DjangoModelFactory):
    class Meta:
        model = Clause

    slug = factory.Sequence(lambda n: f"clause-{n}")
    title = factory.Sequence(lambda n: f"Clause exemple {n}")
    kind = "execution_condition"
    text = "Le titulaire s'engage à une démarche de progrès."
    legal_basis = "Art. L2112-2 CCP"
    difficulty = "facile"
    status = Status.PUBLISHED
