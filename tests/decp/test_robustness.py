"""Random corruptions never crash the importer nor lose stored data; kill -9 is harmless;
the parallel reader finds exactly what the sequential one finds."""

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apure.decp.importer import run_import
from apure.decp.parse import PARALLEL_MIN_BYTES, parse_file

from .conftest import BENCH, FIXTURES, REPO, SAMPLES, marche, query, write_2022

VALID = json.dumps(
    {
        "marches": {
            "marche": [marche(id=f"M{i}", montant=1000 + i) for i in range(3)],
            "contrat-concession": [],
        }
    },
    ensure_ascii=False,
).encode()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=len(VALID)),
    flips=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(min_size=1, max_size=3)
        ),
        max_size=3,
    ),
    suffix=st.sampled_from([".json", ".xml", ".csv", ".gz", ""]),
)
def test_corrupted_files_never_crash_nor_lose_stored_data(
    analytics_once, tmp_path_factory, cut, flips, suffix
):
    data = bytearray(VALID[:cut])
    for position, garbage in flips:
        if position < len(data):
            data[position : position + len(garbage)] = garbage
    path = tmp_path_factory.mktemp("corrupt") / f"file{suffix}"
    path.write_bytes(bytes(data))
    summary = run_import([path], workers=1)  # must not raise
    assert summary["files"][0]["status"] in {"ok", "error", "skipped"}
    if summary["files"][0]["status"] == "error":
        assert summary["files"][0]["error"].startswith(f"{path}\u00a0: ")
    # The contract stored before is still served, whatever the corrupted file held.
    assert query("SELECT count(*) FROM contracts WHERE contract_id = 'KEEP'")[0][0] == 1


GZIPPED = gzip.compress(VALID)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=2, max_value=len(GZIPPED) - 1),
    flip=st.tuples(st.integers(min_value=10, max_value=len(GZIPPED) - 1), st.binary(min_size=1)),
    kind=st.sampled_from(["cut", "flip"]),
)
def test_damaged_gzip_files_never_crash_nor_lose_stored_data(
    analytics_once, tmp_path_factory, cut, flip, kind
):
    data = bytearray(GZIPPED[:cut] if kind == "cut" else GZIPPED)
    if kind == "flip":
        position, garbage = flip
        data[position : position + len(garbage)] = garbage
    path = tmp_path_factory.mktemp("corrupt") / "file.json.gz"
    path.write_bytes(bytes(data))
    summary = run_import([path], workers=1)  # must not raise
    if summary["files"][0]["status"] == "error":
        assert summary["files"][0]["error"].startswith(f"{path}\u00a0: ")
    assert query("SELECT count(*) FROM contracts WHERE contract_id = 'KEEP'")[0][0] == 1


@pytest.fixture
def analytics_once(analytics, tmp_path):
    run_import([write_2022(tmp_path / "keep.json", [marche(id="KEEP")])], workers=1)
    return analytics


def test_kill_9_during_import_leaves_previous_data(analytics, tmp_path):
    run_import([write_2022(tmp_path / "keep.json", [marche(id="KEEP")])], workers=1)
    before = analytics.read_bytes()
    big = write_2022(
        tmp_path / "big.json", [marche(id=f"B{i}", objet="x" * 200) for i in range(60_000)]
    )
    env = dict(
        os.environ,
        APURE_DATA_DIR=str(tmp_path / "ignored"),
        APURE_ANALYTICS_DB=str(analytics),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "apure", "decp_import", str(big)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not list(analytics.parent.glob("*.next-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert analytics.read_bytes() == before
    # The next import cleans what the killed one left and works.
    summary = run_import([write_2022(tmp_path / "next.json", [marche(id="NEXT")])], workers=1)
    assert summary["contracts"] == 2
    assert not list(analytics.parent.glob("*.next-*"))


def test_parallel_reader_matches_sequential_and_truth(analytics, tmp_path):
    synth = BENCH / "decp_synth.py"
    data, truth_path = tmp_path / "synth.json", tmp_path / "truth.json"
    subprocess.run(
        [
            sys.executable,
            str(synth),
            "--contracts",
            "16000",
            "--out",
            str(data),
            "--truth",
            str(truth_path),
        ],
        check=True,
    )
    assert data.stat().st_size >= PARALLEL_MIN_BYTES
    truth = json.loads(truth_path.read_text())
    parallel = run_import([data], workers=2)
    assert (parallel["contracts"], parallel["duplicates"], parallel["superseded"]) == (
        truth["unique"],
        truth["exact_duplicates"],
        truth["republished"],
    )
    assert query("SELECT count(*) FROM contracts WHERE social = 'yes'")[0][0] == truth["social"]
    by_year = dict(
        query(
            "SELECT CAST(year AS VARCHAR), count(*) FROM contracts "
            "WHERE year IS NOT NULL GROUP BY 1"
        )
    )
    assert by_year == truth["by_year"]
    amount = query("SELECT sum(amount) FROM contracts WHERE kind = 'marche'")[0][0]
    assert abs(amount - truth["amount_eur"]) <= 1e-6 * truth["amount_eur"]
    snapshot = query("SELECT * FROM contracts ORDER BY uid")
    Path(analytics).unlink()
    run_import([data], workers=1)
    assert query("SELECT * FROM contracts ORDER BY uid") == snapshot


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = list(marche()) + [
    "modifications",
    "autoriteConcedante",
    "valeurGlobale",
    "_type",
    "techniques",
    "technique",
]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6))
def test_records_with_any_field_types_never_crash_the_normaliser(changes):
    from datetime import date

    from apure.decp.normalise import Normaliser

    normaliser = Normaliser(date(2026, 11, 28))
    record = marche()
    record.update(changes)
    normaliser.add(record, 0, "marche")  # must not raise
    assert len(normaliser.rows) <= 1


def test_fast_reader_falls_back_when_records_do_not_share_a_first_key(tmp_path):
    import io

    from apure.decp import parse

    records = [marche(id=f"K{i}", objet="y" * 300) for i in range(4000)]
    for i, record in enumerate(records):
        if i:  # another key order: the boundary pattern never matches
            records[i] = dict(reversed(list(record.items())))
    data = json.dumps({"marches": records}).encode()
    start = data.index(b"[") + 1
    stream = io.BytesIO(data[start:])
    old_piece = parse.PIECE
    parse.PIECE = 4096
    try:
        found = [
            record["id"]
            for _hint, record in parse.fast_records(
                stream, [("obj", None), ("arr", "marches")], False, b"id"
            )
        ]
    finally:
        parse.PIECE = old_piece
    assert found == [f"K{i}" for i in range(4000)]


def test_split_points_inside_the_concessions_array_are_handled(analytics, tmp_path):
    concession = {
        "autoriteConcedante": {"id": "21590163800019"},
        "nature": "Concession de service",
        "objet": "Délégation de service public " + "z" * 400,
        "dureeMois": 120,
        "dateSignature": "2024-05-01",
        "datePublicationDonnees": "2024-05-10",
        "valeurGlobale": 1_500_000,
        "concessionnaires": [
            {"concessionnaire": {"typeIdentifiant": "SIRET", "id": "81809944200019"}}
        ],
    }
    path = write_2022(
        tmp_path / "mostly-concessions.json",
        [marche(id=f"M{i}", objet="m" * 400) for i in range(6000)],
        [{"id": f"C{i}", **concession} for i in range(30000)],  # same first key as marchés
    )
    assert path.stat().st_size >= PARALLEL_MIN_BYTES
    summary = run_import([path], workers=2)
    assert summary["contracts"] == 36000
    assert query("SELECT kind, count(*) FROM contracts GROUP BY kind ORDER BY kind") == [
        ("concession", 30000),
        ("marche", 6000),
    ]
    positions = query("SELECT min(record_index), max(record_index) FROM contracts")
    assert positions == [(0, 35999)]


def test_tabular_files_read_by_several_processes_give_the_same_store(analytics, monkeypatch):
    # Big CSV and Parquet files are shared between processes by contract; small ones too here.
    monkeypatch.setattr("apure.decp.parse.PARALLEL_MIN_BYTES", 0)
    files = [
        SAMPLES / "decp_2024H2_travaux_cpv4521_filtered.csv",
        FIXTURES / "decp_augmente_valides_2022_test.csv",
    ]
    parallel = run_import(files, workers=2)
    tables = {
        table: query(f"SELECT * EXCLUDE (run_id) FROM {table} ORDER BY ALL")  # noqa: S608
        for table in ("notes",)
    }
    tables["contracts"] = query("SELECT * FROM contracts ORDER BY uid")
    tables["holders"] = query("SELECT * FROM holders ORDER BY ALL")
    Path(analytics).unlink()
    sequential = run_import(files, workers=1)
    assert [f["format"] for f in parallel["files"]] == [f["format"] for f in sequential["files"]]
    assert parallel["contracts"] == sequential["contracts"] == 5189
    assert query("SELECT * FROM contracts ORDER BY uid") == tables["contracts"]
    assert query("SELECT * FROM holders ORDER BY ALL") == tables["holders"]
    assert query("SELECT * EXCLUDE (run_id) FROM notes ORDER BY ALL") == tables["notes"]


def test_the_progress_of_a_tabular_file_read_by_several_processes_counts_each_record_once(
    tmp_path, monkeypatch
):
    # Small parts, so that the workers' parts are counted while they run, as on big files.
    monkeypatch.setattr("apure.decp.parse.PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr("apure.decp.parse.BATCH", 200)
    path = SAMPLES / "decp_2024H2_travaux_cpv4521_filtered.csv"
    counted = []
    _label, results = parse_file(path, tmp_path, date(2025, 1, 1), 2, counted.append)
    assert len(results) == 2  # read in parallel
    assert len(list(tmp_path.glob("*-records-*.parquet"))) > 2
    assert sum(counted) == sum(result.records for result in results) > 1000
