"""`apure decp_export --parquet`: another engine reading the export finds the store's figures."""

import json

import duckdb
import pytest
from django.core.management import CommandError, call_command

from apure.decp import store
from apure.decp.importer import run_import
from apure.observatory import store_query
from apure.observatory.filters import Filters
from apure.observatory.indicators import REGISTRY
from tests.decp.conftest import marche, write_2022

NO_SOCIAL = {"considerationSociale": ["Pas de considération sociale"]}
GREEN = {"considerationEnvironnementale": ["Clause environnementale"]}


def contracts():
    """Marchés over three years (and one without a date), with and without considerations."""
    return [
        marche(id="A1", dateNotification="2022-05-02", montant=45_000),
        marche(id="A2", dateNotification="2022-09-12", considerationsSociales=NO_SOCIAL),
        marche(id="A3", dateNotification="2023-01-20", considerationsEnvironnementales=GREEN),
        marche(id="A4", dateNotification="2023-06-30", montant=250_000),
        marche(
            id="A5",
            dateNotification="2024-02-14",
            codeCPV="45210000-2",
            considerationsSociales=NO_SOCIAL,
        ),
        marche(id="A6", acheteur={"id": "21620041000018"}, dateNotification="2024-11-05"),
        marche(id="A7", dateNotification=None),
    ]


@pytest.fixture
def imported(analytics, tmp_path):
    run_import([write_2022(tmp_path / "decp.json", contracts())], workers=1)
    return analytics


def headline_figures():
    """Every indicator of the registry that needs no buyer, on all contracts, as the API says."""
    store_query.clear_cache()
    return {
        indicator.code: indicator.compute(Filters()).as_dict()
        for indicator in REGISTRY
        if not indicator.needs_buyer
    }


def read_with_duckdb(export_dir, settings, tmp_path):
    """Point the observatory at a DuckDB file that only holds views over the Parquet export:
    the registry's SQL then runs on the export, as any engine would read it."""
    views = tmp_path / "over-export.duckdb"
    connection = duckdb.connect(str(views))
    for table in ("contracts", "holders"):
        files = f"{export_dir / table}/**/*.parquet"
        connection.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{files}', "  # noqa: S608
            "hive_partitioning = true, hive_types = {'year': INTEGER})"
        )
    connection.close()
    store.close()
    settings.ANALYTICS_DB_PATH = views


def test_an_engine_reading_the_export_finds_the_store_headline_figures(
    imported, settings, tmp_path
):
    from_store = headline_figures()
    assert from_store["part_sociale"]["data"]["contracts"] == 7

    call_command("decp_export", "--parquet", str(tmp_path / "export"))
    read_with_duckdb(tmp_path / "export", settings, tmp_path)

    assert headline_figures() == from_store


def test_export_is_partitioned_by_year_with_a_schema_document(imported, tmp_path, capsys):
    target = tmp_path / "export"
    call_command("decp_export", "--parquet", str(target))

    assert "7 contrats et 7 titulaires" in capsys.readouterr().out
    partitions = sorted(path.name for path in (target / "contracts").iterdir())
    assert partitions == ["year=2022", "year=2023", "year=2024", "year=__HIVE_DEFAULT_PARTITION__"]
    assert (target / "holders" / "year=2024").is_dir()
    schema = json.loads((target / "schema.json").read_text(encoding="utf-8"))
    assert schema["partitioned_by"] == ["year"]
    assert schema["tables"]["contracts"]["rows"] == 7
    columns = {
        column["name"]: column["type"] for column in schema["tables"]["contracts"]["columns"]
    }
    assert columns["amount"] == "DOUBLE"
    assert columns["year"] == "INTEGER"


def test_a_second_export_replaces_the_first(imported, tmp_path):
    target = tmp_path / "export"
    call_command("decp_export", "--parquet", str(target))
    (target / "contracts" / "year=2022" / "stale.parquet").write_bytes(b"")

    call_command("decp_export", "--parquet", str(target))

    assert not (target / "contracts" / "year=2022" / "stale.parquet").exists()
    assert not list(tmp_path.glob(".export.tmp-*"))


def test_export_never_writes_over_a_directory_holding_other_files(imported, tmp_path):
    target = tmp_path / "documents"
    target.mkdir()
    (target / "rapport.odt").write_text("à garder", encoding="utf-8")

    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("decp_export", "--parquet", str(target))

    assert sorted(path.name for path in target.iterdir()) == ["rapport.odt"]


def test_export_without_imported_data_says_so(analytics, tmp_path):
    with pytest.raises(CommandError, match="aucune donnée DECP importée"):
        call_command("decp_export", "--parquet", str(tmp_path / "export"))

    assert not (tmp_path / "export").exists()
