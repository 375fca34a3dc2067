"""What the importer says of files it cannot take (a record too big, bad UTF-8, UTF-16, a ragged
CSV) and the limits that stop bombs (size, record size, time) with a message naming the limit,
while the other files of the run are imported. Limits are tiny here, files a few megabytes."""

import gzip
import itertools
import json

import pytest

from apure.decp import parse
from apure.decp.importer import run_import
from apure.decp.readers import limits

from .conftest import marche, query, write_2022

MB = 1024 * 1024
BUYER = "21590163800019"


def import_with_a_good_file(tmp_path, bad_path, **options):
    """Import bad_path and a valid file; returns (report of bad_path, summary)."""
    good = write_2022(tmp_path / "good.json", [marche(id="GOOD-1")])
    summary = run_import([bad_path, good], workers=options.pop("workers", 1), **options)
    reports = {report["path"]: report for report in summary["files"]}
    assert reports[str(good)]["status"] == "ok"
    assert (f"{BUYER}/GOOD-1",) in query("SELECT uid FROM contracts")
    return reports[str(bad_path)], summary


def refusal(tmp_path, bad_path, **options) -> str:
    """The error message of bad_path, refused while the good file of its run is imported."""
    report, summary = import_with_a_good_file(tmp_path, bad_path, **options)
    assert report["status"] == "error"
    assert summary["status"] == "partial"
    assert report["error"].startswith(f"{bad_path}\u00a0: ")
    return report["error"]


# --- misleading messages --------------------------------------------------------------------


def test_a_valid_record_of_ten_megabytes_is_imported(analytics, tmp_path):
    huge = "Travaux " * (10 * MB // 8)
    path = write_2022(
        tmp_path / "big.json", [marche(id="A"), marche(id="B", objet=huge), marche(id="C")]
    )

    report, _summary = import_with_a_good_file(tmp_path, path)

    assert report["status"] == "ok", report["error"]
    assert report["records"] == 3
    stored = query("SELECT length(object) FROM contracts WHERE contract_id = 'B'")
    assert stored == [(len(huge.strip()),)]


def test_a_record_above_the_limit_is_refused_naming_the_limit(analytics, tmp_path, monkeypatch):
    monkeypatch.setenv("APURE_IMPORT_MAX_RECORD_BYTES", str(MB))
    path = write_2022(tmp_path / "big.json", [marche(id="A"), marche(id="B", objet="x" * 2 * MB)])

    error = refusal(tmp_path, path)

    assert "enregistrement trop volumineux\u00a0: plus de 1 Mo" in error
    assert "limite APURE_IMPORT_MAX_RECORD_BYTES = 1048576 octets" in error
    assert "enregistrement n° 2" in error
    assert "chaîne non terminée" not in error


def test_bad_utf8_is_placed_at_its_byte_and_its_record(analytics, tmp_path):
    data = json.dumps(
        {"marches": {"marche": [marche(id=f"M{i}") for i in range(50)]}}, ensure_ascii=False
    ).encode()
    offset = data.index(b'"M30"')
    path = tmp_path / "latin.json"
    path.write_bytes(data[:offset] + b"\xe9" + data[offset:])

    error = refusal(tmp_path, path)

    assert "encodage invalide (UTF-8 attendu)\u00a0: octet 0xE9" in error
    assert f"(enregistrement n° 31, octet {offset})" in error


def test_bad_utf8_in_a_gzip_archive_is_placed_in_the_decompressed_text(analytics, tmp_path):
    records = [marche(id=f"M{i}", objet="é" * 3000) for i in range(2000)]  # several chunks
    data = json.dumps({"marches": records}, ensure_ascii=False).encode()
    offset = data.index(b'"M1500"')
    path = tmp_path / "latin.json.gz"
    path.write_bytes(gzip.compress(data[:offset] + b"\xff" + data[offset:]))

    error = refusal(tmp_path, path)

    assert f"(enregistrement n° 1501, octet {offset})" in error


def utf16_files():
    document = json.dumps({"marches": {"marche": [marche()]}})
    xml = '<?xml version="1.0" encoding="UTF-16"?><marches><marche><id>1</id></marche></marches>'
    csv = "id;acheteur.id;objet\n1;21590163800019;Travaux\n"
    return {
        "json.json": (document.encode("utf-16"), "UTF-16"),  # with its byte order mark
        "json-le.json": (document.encode("utf-16-le"), "UTF-16LE"),
        "json-be.json": (document.encode("utf-16-be"), "UTF-16BE"),
        "xml.xml": (xml.encode("utf-16"), "UTF-16"),
        "csv.csv": (csv.encode("utf-16-le"), "UTF-16LE"),
        "gz.json.gz": (gzip.compress(document.encode("utf-16")), "UTF-16"),
    }


@pytest.mark.parametrize("name", utf16_files())
def test_utf16_files_are_named_as_such(analytics, tmp_path, name):
    content, iconv_name = utf16_files()[name]
    path = tmp_path / name
    path.write_bytes(content)

    error = refusal(tmp_path, path)

    assert f"{path}\u00a0: fichier encodé en UTF-16\u00a0: convertissez-le en UTF-8" in error
    assert f"iconv -f {iconv_name} -t UTF-8" in error


@pytest.mark.parametrize(
    ("row", "fields"),
    [("2,21590163800019,Voirie", 3), ("2,21590163800019,Voirie,5,6,7", 6)],
    ids=["fewer", "more"],
)
def test_a_ragged_csv_names_the_line_and_its_fields(analytics, tmp_path, row, fields):
    lines = ["id,acheteur.id,objet,montant", "1,21590163800019,Travaux,5", row]
    lines += [f"{n},21590163800019,Travaux,5" for n in range(3, 3000)]
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n")

    error = refusal(tmp_path, path)

    assert f"CSV irrégulier\u00a0: la ligne 3 a {fields} champs, l'en-tête en a 4" in error
    assert "introuvables" not in error


# --- resource bombs -------------------------------------------------------------------------


def gzip_of_blanks(path, blanks: int):
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(b'{"marches": [' + json.dumps(marche(id="A")).encode() + b",")
        handle.write(b" " * blanks)
        handle.write(json.dumps(marche(id="B")).encode() + b"]}")
    return path


def test_a_gzip_bomb_is_refused_beyond_the_decompressed_size_limit(
    analytics, tmp_path, monkeypatch
):
    monkeypatch.setenv("APURE_IMPORT_MAX_BYTES", str(MB))
    path = gzip_of_blanks(tmp_path / "bomb.json.gz", 2 * MB)
    assert path.stat().st_size < 100_000

    error = refusal(tmp_path, path)

    assert "fichier trop volumineux\u00a0: plus de 1 Mo une fois décompressé" in error
    assert "limite APURE_IMPORT_MAX_BYTES = 1048576 octets" in error


def test_a_plain_file_above_the_size_limit_is_refused_before_it_is_read(
    analytics, tmp_path, monkeypatch
):
    path = write_2022(tmp_path / "big.json", [marche(id=f"M{i}") for i in range(3000)])
    assert path.stat().st_size > MB
    monkeypatch.setenv("APURE_IMPORT_MAX_BYTES", str(MB))

    error = refusal(tmp_path, path)

    assert "fichier trop volumineux\u00a0: plus de 1 Mo" in error
    assert query("SELECT count(*) FROM contracts WHERE contract_id LIKE 'M%'") == [(0,)]


def test_a_run_of_blanks_longer_than_a_record_is_refused(analytics, tmp_path, monkeypatch):
    monkeypatch.setenv("APURE_IMPORT_MAX_RECORD_BYTES", str(64 * 1024))
    path = gzip_of_blanks(tmp_path / "blanks.json.gz", 2 * MB)

    error = refusal(tmp_path, path)

    assert "plus de 64 ko de blancs d'affilée" in error
    assert "limite APURE_IMPORT_MAX_RECORD_BYTES = 65536 octets" in error


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_an_xml_text_bomb_is_refused_before_it_is_held_in_memory(
    analytics, tmp_path, monkeypatch, gzipped
):
    monkeypatch.setenv("APURE_IMPORT_MAX_RECORD_BYTES", str(MB))
    good = "<marche><id>X1</id><acheteur><id>21590163800019</id></acheteur></marche>"
    bomb = "<marche><id>X2</id><objet>" + "a" * (4 * MB) + "</objet></marche>"
    data = f"<marches>{good}{bomb}</marches>".encode()
    path = tmp_path / ("bomb.xml.gz" if gzipped else "bomb.xml")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    read_sizes = []
    counted_read = limits.CountedStream.read

    def read(stream, size=-1):
        data = counted_read(stream, size)
        read_sizes.append(stream.count)
        return data

    monkeypatch.setattr(limits.CountedStream, "read", read)

    error = refusal(tmp_path, path)

    assert "enregistrement trop volumineux\u00a0: plus de 1 Mo" in error
    assert "(enregistrement n° 2)" in error
    # Refused once a little more than the limit was read, not after the whole text.
    assert max(read_sizes) < 2 * MB


@pytest.fixture
def slow_clock(monkeypatch):
    """A clock on which every look takes 10 seconds: any file outlasts a 30 s limit."""
    ticks = itertools.count(0, 10)
    monkeypatch.setattr(limits, "clock", lambda: next(ticks))
    monkeypatch.setenv("APURE_IMPORT_MAX_SECONDS", "30")


def many_contracts(path, count=3000):
    return write_2022(path, [marche(id=f"M{i}") for i in range(count)])


@pytest.mark.parametrize("kind", ["json", "xml", "csv"])
def test_a_file_that_takes_too_long_is_refused(analytics, tmp_path, slow_clock, kind):
    path = tmp_path / f"slow.{kind}"
    if kind == "json":
        many_contracts(path)
    elif kind == "xml":
        one = f"<marche><id>M{{}}</id><acheteur><id>{BUYER}</id></acheteur></marche>"
        path.write_text("<marches>" + "".join(one.format(i) for i in range(3000)) + "</marches>")
    else:
        rows = [f"M{i},{BUYER},Travaux" for i in range(30_000)]
        path.write_text("id,acheteur.id,objet\n" + "\n".join(rows) + "\n")
    summary = run_import([path], workers=1)  # alone: any file outlasts this clock

    error = summary["files"][0]["error"]
    assert summary["status"] == "failed"
    assert error.startswith(f"{path}\u00a0: lecture trop longue\u00a0: plus de 30 s")
    assert "(limite APURE_IMPORT_MAX_SECONDS)" in error


def test_a_file_read_by_several_workers_that_takes_too_long_is_refused_once(
    analytics, tmp_path, slow_clock, monkeypatch
):
    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parse, "RANGE_MIN", 64 * 1024)
    path = many_contracts(tmp_path / "slow.json", 5000)
    one_pass = []
    monkeypatch.setattr(parse, "PartWriter", counting(parse.PartWriter, one_pass))

    summary = run_import([path], workers=2)

    error = summary["files"][0]["error"]
    assert error.startswith(f"{path}\u00a0: lecture trop longue\u00a0: plus de 30 s")
    assert one_pass == []  # not read again in one pass after the workers gave up


def counting(writer_class, sequential_writers):
    """A PartWriter class that notes the writers of a one-pass read (prefix « seq »)."""

    class Writer(writer_class):
        def __init__(self, out_dir, prefix, *args, **kwargs):
            if prefix == "seq":
                sequential_writers.append(prefix)
            super().__init__(out_dir, prefix, *args, **kwargs)

    return Writer
