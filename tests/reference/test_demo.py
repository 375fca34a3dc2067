from django.core.management import call_command

from apure.organisations.models import Organisation, User
from apure.reference.models import Commune, CpvCode, Departement, Region


def test_demo_loads_reference_data_and_founders_and_is_idempotent(db, capsys):
    call_command("demo")
    output = capsys.readouterr().out
    assert "animation@apure.localhost" in output
    assert "demo-apure-2026" in output

    assert CpvCode.objects.count() == 9454
    assert CpvCode.objects.get(code="45000000").label == "Travaux de construction"
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    hdf = Region.objects.get(code="32")
    assert hdf.name == "Hauts-de-France"
    assert sorted(hdf.departements.values_list("code", flat=True)) == ["02", "59", "60", "62", "80"]
    assert Commune.objects.get(code="59350").name == "Lille"

    founders = Organisation.objects.filter(is_founder=True, is_member=True)
    assert founders.count() == 11
    assert {"Cerdd", "CD2E", "PFRA", "APASP", "Apes", "MEL", "CUD"} <= set(
        founders.values_list("short_name", flat=True)
    )

    counts = (CpvCode.objects.count(), Organisation.objects.count(), User.objects.count())
    call_command("demo")
    assert (CpvCode.objects.count(), Organisation.objects.count(), User.objects.count()) == counts
    assert "0 créées" in capsys.readouterr().out


def test_demo_facilitator_can_log_in(db, client):
    call_command("demo")
    assert client.login(email="animation@apure.localhost", password="demo-apure-2026")
