"""DuckDB's memory while a store is built: grows with the data, bounded, set by the operator."""

import pytest

from apure.decp import build, store
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


def test_a_container_limit_below_the_machine_is_what_counts(monkeypatch, tmp_path):
    limit = tmp_path / "memory.max"
    limit.write_text("2147483648\n")  # 2 GiB
    monkeypatch.setattr(build, "CGROUP_LIMITS", (str(limit),))
    assert build.machine_memory_mb() == 2048
    limit.write_text("max\n")  # no limit set: the machine's memory
    assert build.machine_memory_mb() > 0


def test_successive_imports_do_not_grow_the_store_file(analytics, tmp_path):
    # Each import starts from a byte copy of the previous version: the served tables it drops
    # must not stay behind as dead space in the new file (+75 % here when they did). A few
    # small daily imports cost some partly filled blocks, freed again at the next ones.
    big = [marche(id=f"2024-{n:04d}", objet=f"Travaux du lot {n} " * 20) for n in range(3000)]
    paths = [write_2022(tmp_path / "big.json", big)]
    for day in range(3):
        small = [marche(id=f"2025-{day}-{n}", objet="Entretien") for n in range(20)]
        paths.append(write_2022(tmp_path / f"day{day}.json", small))
    for path in paths:
        run_import([path])
    daily = store.analytics_path().stat().st_size
    store.close()
    store.analytics_path().unlink()

    run_import(paths)

    assert daily <= store.analytics_path().stat().st_size * 1.5
