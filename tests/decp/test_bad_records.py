"""A bad record is a note, a bad file a failed file: the run goes on and ends with its summary.
Amounts that are not finite, negative or implausible never reach the sums nor the API."""

import json
import math
import re
from datetime import date

import pytest
from django.core.management import call_command

from apure.decp import importer, parse
from apure.decp import values as v
from apure.decp.columnar import ColumnCaches, add_batch
from apure.decp.importer import run_import
from apure.decp.normalise import COLUMNS, Normaliser

from .conftest import marche, query, write_2022

TODAY = date(2026, 11, 28)
BUYER = "21590163800019"
AMOUNT = [name for name, _ in COLUMNS].index("amount")
PUBLISHED = [name for name, _ in COLUMNS].index("amount_published")


def run_command(capsys, *args):
    """(exit status, stdout, stderr) of decp_import."""
    status = 0
    try:
        call_command("decp_import", *map(str, args))
    except SystemExit as exit_info:
        status = exit_info.code
    out, err = capsys.readouterr()
    return status, out, err


def file_with(path, bad_record_text: str):
    """A format-2022 file: a good marché, then one record written as raw JSON text."""
    good = json.dumps(marche(id="OK-1"), ensure_ascii=False)
    path.write_text(f'{{"marches": {{"marche": [{good}, {bad_record_text}]}}}}', encoding="utf-8")
    return path


def amount_text(raw: str) -> str:
    return json.dumps(marche(id="BAD-1")).replace('"montant": 50000', f'"montant": {raw}')


BAD_RECORDS = {
    # Python's JSON reader accepts NaN: int(NaN) used to end the run.
    "nan-amount": (amount_text("NaN"), "missing_amount", "aucun montant retenu", True),
    # Valid JSON the decoder cannot build (RecursionError).
    "deep-nesting": (
        '{"id": "BAD-1", "objet": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "unreadable_record",
        "Enregistrement écarté\u00a0: imbrication trop profonde",
        False,
    ),
    # Half a surrogate pair: valid JSON, not writable as UTF-8 (pyarrow's UnicodeEncodeError).
    "lone-surrogate": (
        json.dumps(marche(id="BAD-1", objet="Voirie \ud800 lot 2")),
        "invalid_character",
        "remplacé par « \ufffd »\u00a0: « Voirie \ufffd lot 2 »",
        True,
    ),
}


@pytest.mark.parametrize("case", BAD_RECORDS, ids=str)
def test_a_bad_record_is_a_note_and_the_good_files_of_the_run_are_imported(
    analytics, tmp_path, capsys, case
):
    text, code, message, kept = BAD_RECORDS[case]
    bad = file_with(tmp_path / "bad.json", text)
    good = write_2022(tmp_path / "good.json", [marche(id="OTHER-1")])

    status, out, err = run_command(capsys, bad, good)

    assert status == 0, err
    assert "Import DECP terminé" in out and "Traceback" not in err
    uids = {uid for (uid,) in query("SELECT uid FROM contracts")}
    assert {f"{BUYER}/OK-1", f"{BUYER}/OTHER-1"} <= uids
    assert (f"{BUYER}/BAD-1" in uids) is kept
    notes = query("SELECT file, message FROM notes WHERE code = ?", code)
    assert len(notes) == 1 and notes[0][0] == "bad.json" and message in notes[0][1]


@pytest.mark.parametrize("case", BAD_RECORDS, ids=str)
def test_a_bad_record_in_a_file_read_by_several_workers_is_a_note(
    analytics, tmp_path, monkeypatch, case
):
    # Small thresholds: a small file is split into ranges parsed by two forked workers.
    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parse, "RANGE_MIN", 1024)
    text, code, _message, kept = BAD_RECORDS[case]
    good = ", ".join(json.dumps(marche(id=f"OK-{n}")) for n in range(40))
    path = tmp_path / "big.json"
    path.write_text(
        f'{{"marches": {{"marche": [{good}, {text}, {good.replace("OK-", "LATE-")}]}}}}'
    )

    summary = run_import([path], workers=2, today=TODAY)

    assert summary["status"] == "ok"
    assert summary["contracts"] == 80 + kept
    assert summary["notes"] == {code: 1}


def test_a_file_that_breaks_the_reader_unexpectedly_fails_alone(
    analytics, tmp_path, capsys, monkeypatch
):
    real_parse_file = importer.parse_file

    def parse_file(path, *args, **kwargs):
        if path.name == "broken.json":
            raise RuntimeError("a case no rule foresaw")
        return real_parse_file(path, *args, **kwargs)

    monkeypatch.setattr(importer, "parse_file", parse_file)
    broken = write_2022(tmp_path / "broken.json", [marche(id="X-1")])
    good = write_2022(tmp_path / "good.json", [marche(id="OK-1")])

    status, out, err = run_command(capsys, broken, good)

    assert status == 1
    assert "Import DECP terminé" in out and "Traceback" not in err
    assert f"{broken}\u00a0: lecture impossible, erreur inattendue (RuntimeError)" in err
    assert query("SELECT uid FROM contracts") == [(f"{BUYER}/OK-1",)]


def test_a_record_that_breaks_the_normaliser_is_a_note_and_its_neighbours_stay(
    analytics, tmp_path, monkeypatch
):
    real_cpv = v.cpv

    def cpv(value):
        if value == "45000000-7":
            raise RuntimeError("a case no rule foresaw")
        return real_cpv(value)

    monkeypatch.setattr(v, "cpv", cpv)
    records = [
        marche(id=f"M{n}", codeCPV="45000000-7" if n == 3 else "77310000-6") for n in range(9)
    ]

    summary = run_import([write_2022(tmp_path / "one.json", records)], today=TODAY)

    assert summary["contracts"] == 8
    assert query("SELECT record_index, message FROM notes") == [
        (3, "Enregistrement écarté\u00a0: erreur inattendue (RuntimeError).")
    ]


# --- amounts -----------------------------------------------------------------------------------

UNUSABLE_AMOUNTS = [
    math.nan,
    math.inf,
    -math.inf,
    10**400,  # an integer no float can hold
    "NaN",
    "-Infinity",
    "1e999",
    -25_000,
    0,
    1,
    0.5,
    999_999_999,
]


def both_ways(records):
    """(rows, notes) of the record-by-record normaliser and of the batch one."""
    one = Normaliser(TODAY)
    for index, record in enumerate(records):
        one.add(record, index)
    many = Normaliser(TODAY)
    add_batch(many, records, range(len(records)), "marche", ColumnCaches())
    rows = sorted(zip(*many.columns(), strict=True), key=lambda row: row[-1])
    return (sorted(one.rows, key=lambda row: row[-1]), sorted(one.notes)), (
        rows,
        sorted(many.notes),
    )


def test_unusable_amounts_are_never_summable_and_both_paths_agree():
    records = [marche(id=f"A{n}", montant=raw) for n, raw in enumerate(UNUSABLE_AMOUNTS)]
    records.append(marche(id="DURATION", dureeMois=math.inf))
    (rows, notes), (batch_rows, batch_notes) = both_ways(records)

    assert batch_rows == rows and batch_notes == notes
    assert all(row[AMOUNT] is None for row in rows[: len(UNUSABLE_AMOUNTS)])
    assert all(
        value is None or math.isfinite(value)
        for row in rows
        for value in row
        if type(value) is float
    )
    messages = {
        index: message for index, _field, _value, code, message in notes if "amount" in code
    }
    assert messages[2] == "Montant absent ou illisible\u00a0: aucun montant retenu."
    assert messages[7] == (
        "Montant -25000.0 invraisemblable (négatif)\u00a0: non retenu dans les sommes."
    )
    assert messages[9] == "Montant 1.0 invraisemblable (≤ 1 €)\u00a0: non retenu dans les sommes."
    assert rows[7][PUBLISHED] == -25_000  # kept as published, out of the sums


def test_an_infinite_modification_number_does_not_stop_the_record():
    record = marche(modifications=[{"id": math.inf, "montant": 60000}, {"id": 2, "montant": 70000}])
    normaliser = Normaliser(TODAY)
    assert normaliser.add(record, 0)
    assert normaliser.rows[0][AMOUNT] == 70000


def test_an_amount_noted_as_left_out_of_the_sums_is_left_out(analytics, tmp_path):
    records = [marche(id="ONE-EURO", montant=1), marche(id="REAL", montant=50000)]
    run_import([write_2022(tmp_path / "one.json", records)], today=TODAY)

    assert query("SELECT sum(amount), sum(amount_published) FROM contracts") == [(50000, 50001)]
    (message,) = query("SELECT message FROM notes WHERE code = 'absurd_amount'")[0]
    assert message.endswith("non retenu dans les sommes.")


def strict_json(response):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(response.content, parse_constant=refuse)


@pytest.mark.django_db
def test_public_pages_and_the_api_stay_valid_with_infinite_and_negative_amounts(
    analytics, tmp_path, client
):
    file = tmp_path / "bad-amounts.json"
    file.write_text(
        '{"marches": {"marche": ['
        + ", ".join(
            [
                amount_text("-Infinity"),
                json.dumps(marche(id="NEG", montant=-900000)),
                json.dumps(marche(id="REAL", montant=50000)),
            ]
        )
        + "]}}"
    )
    run_import([file], today=TODAY)

    home = client.get("/observatoire/?region=")
    assert home.status_code == 200
    assert not re.search(r"\b(inf|nan)\b", home.content.decode(), re.IGNORECASE)  # « -inf € »
    assert client.get(f"/observatoire/acheteurs/{BUYER}/").status_code == 200
    for url in (
        "/api/indicateurs/?region=",
        "/api/marches/?region=",
        f"/api/marches/{BUYER}/BAD-1/",
        f"/api/acheteurs/{BUYER}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        strict_json(response)  # raises on NaN, Infinity, -Infinity
    assert query("SELECT sum(amount) FROM contracts") == [(50000,)]
