"""The real lists shipped in apure/suppliers/data/ load into the directory, once."""

from datetime import date

import pytest

from apure.suppliers import demo
from apure.suppliers.models import Supplier
from apure.suppliers.shipped import load_shipped

pytestmark = pytest.mark.django_db

DELTHA = "26590350000287"  # ESAT of the CCAS of Lille (FINESS list)
COTIERE_AVENIR = "34356040500023"  # one association running an ACI and an AI (ASP 2019)


def test_shipped_lists_load_once_with_their_source_and_date():
    created = load_shipped()

    esat = Supplier.objects.get(siret=DELTHA)
    assert esat.kind_list == ["ESAT"]
    assert (esat.commune_code, esat.departement) == ("59350", "59")
    assert esat.source_date == date(2026, 5, 20) and "FINESS" in esat.source
    siae = Supplier.objects.get(siret=COTIERE_AVENIR)
    assert siae.kind_list == ["ACI", "AI"]
    assert siae.source_date == date(2019, 7, 1) and siae.is_stale
    assert Supplier.objects.of_kind("GEIQ").exists()
    assert created == Supplier.objects.count() > 5000
    assert load_shipped() == 0


def test_demo_never_overwrites_a_record_a_facilitator_corrected():
    load_shipped()
    Supplier.objects.filter(siret=COTIERE_AVENIR).update(
        name="Côtière Avenir", source="Échange avec la structure", source_date=date(2026, 9, 1)
    )
    lines = []

    demo.load(lines.append)

    siae = Supplier.objects.get(siret=COTIERE_AVENIR)
    assert (siae.name, siae.source_date) == ("Côtière Avenir", date(2026, 9, 1))
    assert lines[0].startswith("Fournisseurs inclusifs\u00a0: 0 fiches créées")
