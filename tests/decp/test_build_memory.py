"""DuckDB's memory while a store is built: grows with the data, bounded, set by the operator."""

import pytest

from apure.decp import build
from apure.decp.importer import run_import

from .conftest import marche, write_2022


@pytest.fixture
def big_machine(monkeypatch):
    monkeypatch.delenv(build.MEMORY_VARIABLE, raising=False)
    monkeypatch.setattr(build, "machine_memory_mb", lambda: 64 * 1024)


def test_up_to_two_million_records_the_store_is_built_in_700_mb(big_machine):
    assert build.memory_limit_mb(0) == 700
    assert build.memory_limit_mb(2_000_000) == 700


def test_beyond_two_million_records_each_million_adds_300_mb(big_machine):
    assert build.memory_limit_mb(2_000_001) == 700
    assert build.memory_limit_mb(3_000_000) == 1000
    assert build.memory_limit_mb(10_500_000) == 700 + 8.5 * 300


def test_never_more_than_a_quarter_of_the_machine(monkeypatch):
    monkeypatch.delenv(build.MEMORY_VARIABLE, raising=False)
    monkeypatch.setattr(build, "machine_memory_mb", lambda: 8 * 1024)
    assert build.memory_limit_mb(100_000_000) == 2 * 1024
    # A small machine still gets what a small store needs.
    monkeypatch.setattr(build, "machine_memory_mb", lambda: 1024)
    assert build.memory_limit_mb(100_000_000) == 700


def test_the_operator_sets_it_outright(big_machine, monkeypatch):
    monkeypatch.setenv(build.MEMORY_VARIABLE, "5000")
    assert build.memory_limit_mb(1000) == 5000
    monkeypatch.setenv(build.MEMORY_VARIABLE, "beaucoup")  # not a number: the default rule
    assert build.memory_limit_mb(1000) == 700


def test_an_import_builds_the_store_within_the_limit_it_chose(analytics, tmp_path, monkeypatch):
    monkeypatch.setenv(build.MEMORY_VARIABLE, "321")
    seen = []
    rebuild = build.rebuild

    def spying(connection):
        figures = rebuild(connection)
        seen.append(connection.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        return figures

    monkeypatch.setattr(build, "rebuild", spying)
    path = write_2022(tmp_path / "a.json", [marche()])
    summary = run_import([path])
    assert summary["contracts"] == 1
    assert seen and seen[0].startswith("306.1 MiB")  # 321 MB, as DuckDB prints it
    assert set(summary["peak_memory_gb"]) == {"parse", "stage", "rebuild"}
