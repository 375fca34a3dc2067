"""What a user reads from decp_import and decp_report: damaged archives, file names, the
summary of a run, empty folders, French messages and numbers."""

import gzip
import json

import pytest
from django.core.management import call_command

from apure.decp.importer import run_import
from apure.decp.readers.errors import JSON_MESSAGES, french_json_message

from .conftest import SAMPLES, marche, query, write_2022

DAMAGED = "archive gzip tronquée ou corrompue"


def run_command(capsys, *args):
    """(exit status, stdout, stderr) of decp_import."""
    status = 0
    try:
        call_command("decp_import", *map(str, args))
    except SystemExit as exit_info:
        status = exit_info.code
    out, err = capsys.readouterr()
    return status, out, err


def big_xml() -> bytes:
    """An XML file much larger than what the format sniffer decompresses (4 kB)."""
    one = "<marche><id>X{}</id><objet>{}</objet></marche>"
    body = "".join(one.format(i, "travaux " * 40) for i in range(300))
    return f"<marches>{body}</marches>".encode()


def gz_cut(data: bytes, keep: float) -> bytes:
    packed = gzip.compress(data)
    return packed[: int(len(packed) * keep)]


def gz_bad_checksum(data: bytes) -> bytes:
    packed = bytearray(gzip.compress(data))
    packed[-6] ^= 1  # the CRC32 of the trailer
    return bytes(packed)


def gz_bad_block(data: bytes) -> bytes:
    packed = bytearray(gzip.compress(data))
    packed[1000:1100] = bytes(b ^ 0x55 for b in packed[1000:1100])
    return bytes(packed)


JSON_SAMPLE = (SAMPLES / "e-marchespublics.json").read_bytes()


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(gz_cut(JSON_SAMPLE, 0.05), id="json-truncated"),
        pytest.param(gz_bad_block(JSON_SAMPLE), id="json-corrupt-block"),
        pytest.param(gz_bad_checksum(JSON_SAMPLE), id="json-bad-checksum"),
        pytest.param(gz_cut(big_xml(), 0.5), id="xml-truncated"),
        pytest.param(gz_bad_checksum(big_xml()), id="xml-bad-checksum"),
        pytest.param(gz_cut(JSON_SAMPLE, 0.0005), id="cut-in-the-sniffed-head"),
    ],
)
def test_a_damaged_gzip_fails_that_file_only(analytics, tmp_path, capsys, damaged):
    run_import([write_2022(tmp_path / "keep.json", [marche(id="KEEP")])], workers=1)
    bad = tmp_path / "export.json.gz"
    bad.write_bytes(damaged)
    good = write_2022(tmp_path / "good.json", [marche(id="GOOD")])

    status, out, err = run_command(capsys, "--workers", 1, "--json", bad, good)

    assert status == 1
    assert "Traceback" not in out + err
    summary = json.loads(out)
    assert summary["status"] == "partial"
    assert [item["status"] for item in summary["files"]] == ["error", "ok"]
    assert summary["files"][0]["error"].startswith(f"{bad}\u00a0: {DAMAGED}")
    contracts = {row[0] for row in query("SELECT contract_id FROM contracts")}
    assert contracts == {"KEEP", "GOOD"}


def test_damaged_gzip_in_text_output_is_a_french_failure_line(analytics, tmp_path, capsys):
    bad = tmp_path / "export.json.gz"
    bad.write_bytes(gz_cut(JSON_SAMPLE, 0.05))
    status, out, err = run_command(capsys, "--workers", 1, bad)
    assert status == 1
    assert f"ÉCHEC {bad}\u00a0: {DAMAGED}" in out
    assert f"{bad}\u00a0: {DAMAGED}" in err


def test_failures_name_the_file_as_given_and_every_one_is_listed(analytics, tmp_path, capsys):
    for folder in ("v1", "v2"):
        (tmp_path / "schemas" / folder).mkdir(parents=True)
        schema = tmp_path / "schemas" / folder / "marches.json"
        schema.write_text(f'{{"title": "schéma {folder}"}}')  # not DECP, not twice the same
    write_2022(tmp_path / "schemas" / "real.json", [marche()])

    status, out, err = run_command(capsys, "--workers", 1, tmp_path / "schemas")

    assert status == 1
    for folder in ("v1", "v2"):
        path = tmp_path / "schemas" / folder / "marches.json"
        assert f"ÉCHEC {path}\u00a0: ce n'est pas un fichier DECP" in out
        assert f"  {path}\u00a0: ce n'est pas un fichier DECP" in err
    assert err.startswith("2 fichiers en échec\u00a0:")


def test_summary_keeps_this_run_apart_from_the_data_served(analytics, tmp_path, capsys):
    run_import([write_2022(tmp_path / "a.json", [marche(id="A"), marche(id="B")])], workers=1)
    truncated = tmp_path / "truncated.json"
    truncated.write_text(write_2022(tmp_path / "t.json", [marche()]).read_text()[:-40])

    status, out, _err = run_command(capsys, "--workers", 1, truncated)

    assert status == 1
    assert "  Ce lot\u00a0: 1 fichier (1 en échec), 0 enregistrement lu." in out
    assert "  Données servies (inchangées)\u00a0: 2 marchés, 0 doublon exact écarté" in out
    assert "retenus" not in out  # the run kept nothing: no figure reads as if it had

    new = write_2022(tmp_path / "new.json", [marche(id="C")])
    status, out, _err = run_command(capsys, "--workers", 1, new, tmp_path / "a.json")
    assert status == 0
    assert "  Ce lot\u00a0: 2 fichiers (1 lu, 1 déjà importé), 1 enregistrement lu." in out
    assert "  Données servies après l'import\u00a0: 3 marchés, 0 doublon exact écarté, " in out


def test_json_status_when_every_file_failed(analytics, tmp_path, capsys):
    run_import([write_2022(tmp_path / "a.json", [marche(id="A")])], workers=1)
    broken = tmp_path / "broken.json"
    broken.write_text('{"marches": [')

    status, out, _err = run_command(capsys, "--workers", 1, "--json", broken)

    assert status == 1
    summary = json.loads(out)
    assert summary["status"] == "failed"
    # The documented keys still describe the data served, unchanged.
    assert (summary["records_read"], summary["contracts"]) == (0, 1)
    assert run_import([tmp_path / "a.json"], workers=1)["status"] == "unchanged"


def test_a_failed_first_import_creates_no_empty_store(analytics, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"marches": [')
    assert run_import([broken], workers=1)["status"] == "failed"
    assert not analytics.exists()
    call_command("decp_report")
    assert "Aucune donnée DECP importée" in capsys.readouterr().out


@pytest.mark.parametrize("content", [{}, {"readme.txt": "hello", "notes.md": "# notes"}])
def test_a_folder_without_data_files_is_an_error(analytics, tmp_path, capsys, content):
    folder = tmp_path / "mount"
    folder.mkdir()
    for name, text in content.items():
        (folder / name).write_text(text)

    status, out, err = run_command(capsys, folder)

    assert status == 1
    assert f"ÉCHEC Aucun fichier de données DECP trouvé dans {folder}" in out
    if content:
        assert "(2 fichiers ignorés\u00a0: notes.md, readme.txt)" in out
    status, out, _err = run_command(capsys, "--json", folder)
    assert json.loads(out)["status"] == "failed"


def test_json_syntax_errors_are_told_in_french_with_their_place(analytics, tmp_path, capsys):
    path = tmp_path / "cut.json"
    text = json.dumps({"marches": [marche(id="A"), marche(id="B", objet="Travaux")]})
    string_start = text.index('"Travaux')
    path.write_text(text[: string_start + 4])

    status, out, _err = run_command(capsys, "--workers", 1, path)

    assert status == 1
    # The position is where the string starts, in the second record.
    place = f"(enregistrement n° 2, caractère {string_start})"
    assert f"ÉCHEC {path}\u00a0: JSON invalide (chaîne non terminée) {place}" in out


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{"a": }', "valeur attendue"),
        ('{"a" 1}', "«\u00a0: » attendu"),
        ('{"a": 1 "b": 2}', "virgule attendue"),
        ("{a: 1}", "nom de champ entre guillemets attendu"),
        ('{"a": "x', "chaîne non terminée"),
        ('{"a": "\\q"}', "séquence d'échappement invalide"),
        ('{"a": "\\u12"}', "séquence \\uXXXX invalide"),
        ('{"a": "x\ny"}', "caractère de contrôle dans une chaîne"),
        ("1 2", "contenu en trop après la valeur"),
    ],
)
def test_every_common_json_decoder_message_has_a_french_text(document, expected):
    decoders = [json.JSONDecoder().decode]
    py_decoder = json.JSONDecoder()
    py_decoder.scan_once = json.scanner.py_make_scanner(py_decoder)
    decoders.append(py_decoder.decode)
    for decode in decoders:
        with pytest.raises(json.JSONDecodeError) as error:
            decode(document)
        assert error.value.msg in JSON_MESSAGES or "control character" in error.value.msg
        assert french_json_message(error.value.msg) == expected


def test_an_unknown_decoder_message_is_not_shown_in_english():
    assert french_json_message("Something new") == "syntaxe incorrecte"


def test_text_output_agrees_in_number_and_uses_the_decimal_comma(analytics, tmp_path, capsys):
    first = write_2022(tmp_path / "first.json", [marche(id="A")])
    # The same record in other bytes: a new file, whose only record is an exact duplicate.
    copy = tmp_path / "copy.json"
    copy.write_text(first.read_text() + "\n")

    status, out, _err = run_command(capsys, "--workers", 1, first, copy)

    assert status == 0
    assert "  Ce lot\u00a0: 2 fichiers (2 lus), 2 enregistrements lus." in out
    assert f"  {first}\u00a0: format 2022-json, 1 enregistrement" in out
    assert "1 marché, 1 doublon exact écarté, 0 publication remplacée par une plus récente." in out
    call_command("decp_report")
    report = capsys.readouterr().out
    assert "  2 enregistrements lus, 1 marché retenu, 1 doublon exact écarté" in report
    assert f"  {copy}\u00a0: format 2022-json, 1 enregistrement, 0 marché servi" in report
    assert "    objet\u00a0: 100,0 %" in report
    assert "." not in report.split("objet\u00a0: ")[1].split("\n")[0]
