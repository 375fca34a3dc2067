"""Suppliers for tests (kept beside the tests of this domain)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from apure.reference.identifiers import luhn_valid
from apure.suppliers.models import Supplier


def siret_for(number: int) -> str:
    """A SIRET that passes the Luhn check, different for each number."""
    stem = f"{number:013d}"
    return next(stem + digit for digit in "0123456789" if luhn_valid(stem + digit))


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    siret = factory.Sequence(lambda n: siret_for(770_000_000_0000 + n))
    name = factory.Sequence(lambda n: f"Structure d'insertion {n}")
    kinds = ",ACI,"
    commune_name = "Roubaix"
    commune_code = "59512"
    post_code = "59100"
    activities = "Entretien des espaces verts"
    source = "Liste d'essai"
    source_date = date(2026, 6, 1)
