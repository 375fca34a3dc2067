import shutil
from pathlib import Path

import duckdb
import pytest
from django.core.management import CommandError, call_command

from apure.decp import store
from apure.decp.importer import run_import
from apure.observatory import store_query, summary
from apure.observatory.filters import Filters
from apure.organisations.models import Organisation, User
from apure.reference.models import Commune, CpvCode, Departement, Region


def test_demo_loads_reference_data_and_founders_and_is_idempotent(db, capsys, mailoutbox):
    call_command("demo")
    output = capsys.readouterr().out
    # Its example exchanges and notifications write to example addresses: nothing is sent.
    assert mailoutbox == []
    assert "Subject:" not in output
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


def test_demo_serves_real_hauts_de_france_shares_and_drops_retired_samples(db, tmp_path, capsys):
    """An existing demo store loses the samples no longer shipped (the test files once were)
    and gains the new ones; files imported from elsewhere stay; a second run changes nothing."""
    fixtures = Path(__file__).resolve().parents[1] / "decp" / "fixtures"
    retired = tmp_path / "checkout" / "apure" / "decp" / "samples" / "decp_test_2022.json"
    own = tmp_path / "imports" / "decp_test_2019.json"
    for copy, original in ((retired, "decp_test_2022.json"), (own, "decp_test_2019.json")):
        copy.parent.mkdir(parents=True)
        shutil.copy(fixtures / original, copy)
    run_import([retired, own], workers=1)

    call_command("demo")
    assert "1 fichier(s) d'exemple qui ne sont plus livrés retiré(s)" in capsys.readouterr().out
    store.close()
    connection = duckdb.connect(str(store.analytics_path()), read_only=True)
    served = {
        row[0]
        for row in connection.execute("SELECT DISTINCT source_file FROM contracts").fetchall()
    }
    connection.close()
    assert "decp_test_2022.json" not in served
    assert "decp_test_2019.json" in served
    store_query.clear_cache()
    hauts_de_france = summary.compute(Filters.build(region="32"))
    for dimension in ("social", "environmental"):
        assert hauts_de_france[dimension]["coverage"] > 0
        assert hauts_de_france[dimension]["share_yes"] is not None

    version = store_query.store_version()
    call_command("demo")
    assert "échantillons déjà importés" in capsys.readouterr().out
    assert store_query.store_version() == version


def test_production_settings_refuse_the_demo_and_create_no_account(db, settings, monkeypatch):
    from tests.operations.test_headers import production_settings

    assert production_settings(monkeypatch).DEMO_ALLOWED is False
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="refusée avec les réglages de production"):
        call_command("demo")
    assert not User.objects.exists()
