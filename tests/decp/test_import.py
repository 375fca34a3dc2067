import gzip
import json
import shutil

import duckdb
import pytest
from django.core.management import call_command

from apure.decp import store
from apure.decp.importer import run_import

from .conftest import FIXTURES, SAMPLES, marche, query, write_2022

CROIX = SAMPLES / "decp_21590163800019_2019-01-01_2021-12-31.json"


def contracts():
    return query("SELECT count(*) FROM contracts")[0][0]


def test_one_town_file_keeps_every_lot_with_a_placeholder_id(analytics):
    summary = run_import([CROIX], workers=1)
    assert summary["records_read"] == 159
    # 45 lots carry an empty or all-zero id: each stays a contract of its own.
    assert query("SELECT count(*) FROM contracts WHERE uid LIKE 'fp:%'")[0][0] == 45
    assert summary["notes"]["placeholder_id"] == 45
    # 109 real ids; an id reused for different lots keeps its latest publication, with a note.
    assert summary["contracts"] == 154
    assert summary["notes"]["key_reused"] > 0
    row = query(
        "SELECT amount, duration_months, departement, region, buyer_kind, social "
        "FROM contracts WHERE uid = '21590163800019/202117F000000000'"
    )[0]
    assert row[1:] == (36.0, "59", "32", "commune", "unknown")


def test_format_2022_contract_is_normalised(analytics, tmp_path):
    path = write_2022(
        tmp_path / "a.json",
        [
            marche(
                codeCPV="9310000",
                montant="50000.00",
                considerationsSociales={
                    "considerationSociale": ["Clause sociale", "Critère social"]
                },
                modifications=[
                    {
                        "modification": {
                            "id": 2,
                            "montant": 70000,
                            "dureeMois": 20,
                            "dateNotificationModification": "2024-09-01",
                            "datePublicationDonneesModification": "2024-09-02",
                        }
                    },
                    {
                        "modification": {
                            "id": 1,
                            "montant": 60000,
                            "titulaires": [
                                {"titulaire": {"typeIdentifiant": "SIRET", "id": "39210031900038"}}
                            ],
                            "dateNotificationModification": "2024-06-01",
                            "datePublicationDonneesModification": "2024-06-02",
                        }
                    },
                ],
            )
        ],
    )
    run_import([path], workers=1)
    row = query(
        "SELECT uid, cpv, amount, initial_amount, duration_months, year, social, social_clause,"
        " social_criterion, social_reserved, environmental, env_clause, source_format,"
        " holders_count FROM contracts"
    )[0]
    assert row == (
        "21590163800019/2024-001",
        "09310000",
        70000.0,
        50000.0,
        20.0,
        2024,
        "yes",
        True,
        True,
        False,
        "no",
        False,
        "2022-json",
        1,
    )
    assert query("SELECT holder_id FROM holders") == [("39210031900038",)]


def test_same_contract_in_every_format_gives_the_same_row(analytics, tmp_path):
    record = marche()
    json_path = write_2022(tmp_path / "m.json", [record])
    gz_path = tmp_path / "m.json.gz"
    gz_path.write_bytes(gzip.compress(json_path.read_bytes()))
    flat = dict(
        record,
        titulaires=[{"typeIdentifiant": "SIRET", "id": "81809944200019"}],
        considerationsSociales=["Clause sociale"],
        considerationsEnvironnementales=[],
    )
    flat_path = tmp_path / "flat.json"
    flat_path.write_text(json.dumps({"marches": [dict(flat, _type="Marché")]}))
    xml_path = tmp_path / "m.xml"
    xml_path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?><marches><marche><id>2024-001</id>
        <acheteur><id>21590163800019</id></acheteur><nature>Marché</nature>
        <objet>Entretien des espaces verts</objet><codeCPV>77310000-6</codeCPV>
        <procedure>Procédure adaptée</procedure>
        <lieuExecution><code>59170</code><typeCode>Code postal</typeCode></lieuExecution>
        <dureeMois>12</dureeMois><dateNotification>2024-03-01+01:00</dateNotification>
        <datePublicationDonnees>2024-03-15</datePublicationDonnees><montant>50000</montant>
        <titulaires><titulaire><typeIdentifiant>SIRET</typeIdentifiant>
        <id>81809944200019</id></titulaire></titulaires>
        <considerationsSociales><considerationSociale>Clause sociale</considerationSociale>
        </considerationsSociales><considerationsEnvironnementales>
        <considerationEnvironnementale>Pas de considération environnementale
        </considerationEnvironnementale></considerationsEnvironnementales></marche></marches>""",
        encoding="utf-8",
    )
    csv_path = tmp_path / "decp.csv"
    csv_path.write_text(
        "uid,id,acheteur_id,titulaire_id,titulaire_typeIdentifiant,objet,codeCPV,procedure,"
        "montant,dureeMois,dateNotification,datePublicationDonnees,lieuExecution_code,"
        "lieuExecution_typeCode,considerationsSociales,considerationsEnvironnementales,"
        "modification_id,donneesActuelles\n"
        "215901638000192024-001,2024-001,21590163800019,81809944200019,SIRET,Entretien des "
        "espaces verts,77310000,Procédure adaptée,50000,12,2024-03-01,2024-03-15,59170,"
        "Code postal,Clause sociale,Sans objet,0,true\n",
        encoding="utf-8",
    )
    parquet_path = tmp_path / "decp.parquet"
    duckdb.read_csv(str(csv_path), all_varchar=True).write_parquet(str(parquet_path))
    columns = (
        "uid, cpv, amount, duration_months, notification_date, departement, social, "
        "social_clause, environmental, holders_count"
    )
    rows = {}
    paths = (json_path, gz_path, flat_path, xml_path, csv_path, parquet_path)
    for path in paths:
        analytics.unlink(missing_ok=True)
        summary = run_import([path], workers=1)
        assert summary["files"][0]["status"] == "ok", summary["files"][0]
        rows[path.name] = (
            summary["files"][0]["format"],
            query(f"SELECT {columns} FROM contracts")[0],  # noqa: S608
        )
    assert {fmt for fmt, _row in rows.values()} == {
        "2022-json",
        "2022-xml",
        "decp-processing-csv",
        "decp-processing-parquet",
    }
    assert len({row for _fmt, row in rows.values()}) == 1, rows
    analytics.unlink()
    assert run_import(paths, workers=1)["contracts"] == 1  # six publications, one contract


def test_duplicates_republications_and_order_of_imports(analytics, tmp_path):
    first = marche(id="A1")
    newer = marche(id="A1", montant=80000, datePublicationDonnees="2024-06-01")
    other = marche(id="B2", objet="Transport scolaire")
    placeholder_a = marche(id="0000", objet="Lot 1 - Gros oeuvre")
    placeholder_b = marche(id="0000", objet="Lot 2 - Plomberie")
    file_a = write_2022(tmp_path / "a.json", [first, first, placeholder_a, placeholder_b])
    file_b = write_2022(tmp_path / "b.json", [newer, other, placeholder_a])
    together = run_import([file_a, file_b], workers=1)
    assert (together["contracts"], together["duplicates"], together["superseded"]) == (4, 2, 1)
    assert query("SELECT amount FROM contracts WHERE contract_id = 'A1'") == [(80000.0,)]
    snapshot = query("SELECT * EXCLUDE (source_file) FROM contracts ORDER BY uid")

    analytics.unlink()
    run_import([file_a], workers=1)
    one_by_one = run_import([file_b], workers=1)
    assert (one_by_one["contracts"], one_by_one["duplicates"], one_by_one["superseded"]) == (
        4,
        2,
        1,
    )
    assert query("SELECT * EXCLUDE (source_file) FROM contracts ORDER BY uid") == snapshot

    again = run_import([file_a, file_b], workers=1)  # same checksums: nothing changes
    assert again["status"] == "unchanged"
    assert contracts() == 4


def test_checks_produce_notes_with_position_field_and_value(analytics, tmp_path):
    path = write_2022(
        tmp_path / "bad.json",
        [
            marche(id="X1", acheteur={"id": "21590163800018"}),
            marche(id="X2", montant=999999999),
            marche(id="X3", dateNotification="2031-01-01", dureeMois=0),
            marche(
                id="X4",
                considerationsSociales={
                    "considerationSociale": ["Pas de considération sociale", "Clause sociale"]
                },
            ),
            marche(id="X5", objet="TSI_25012026_Objet", acheteur={"id": "44090956200033"}),
            {"foo": "bar"},
        ],
    )
    summary = run_import([path], workers=1)
    notes = {
        (code, index, field): value
        for code, index, field, value in query("SELECT code, record_index, field, value FROM notes")
    }
    assert notes[("invalid_siret", 0, "acheteur.id")] == "21590163800018"
    assert notes[("absurd_amount", 1, "montant")] == "999999999.0"
    assert ("future_date", 2, "dateNotification") in notes
    assert ("suspicious_duration", 2, "dureeMois") in notes
    assert ("contradictory_considerations", 3, "considerationsSociales") in notes
    assert ("test_record", 4, "objet") in notes
    assert ("missing_key", 5, "id") in notes  # nothing can key it: dropped, note kept
    assert summary["contracts"] == 5
    assert query(
        "SELECT amount, social FROM contracts WHERE contract_id IN ('X2', 'X4') "
        "ORDER BY contract_id"
    ) == [(None, "yes"), (50000.0, "unknown")]


def test_unreadable_file_is_skipped_and_named_others_load(analytics, tmp_path):
    good = write_2022(tmp_path / "good.json", [marche()])
    truncated = tmp_path / "truncated.json"
    truncated.write_text(good.read_text()[:-40])
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(
        json.dumps({"marches": [marche(objet="Réfection")]}, ensure_ascii=False).encode("latin-1")
    )
    not_decp = tmp_path / "notes.json"
    not_decp.write_text('{"hello": "world"}')
    # A list of objects with ids is not a list of contracts (decp.info's list of datasets).
    datasets = tmp_path / "datasets.json"
    datasets.write_text('[{"id": "6727", "name": "Profil acheteur", "code": "atexo_rhone"}]')
    summary = run_import([good, truncated, latin1, not_decp, datasets], workers=1)
    status = {item["path"].rsplit("/", 1)[-1]: item for item in summary["files"]}
    assert status["good.json"]["status"] == "ok"
    for name in ("truncated.json", "latin1.json", "notes.json", "datasets.json"):
        assert status[name]["status"] == "error"
        assert status[name]["error"].startswith(f"{tmp_path / name}\u00a0: ")
    assert "enregistrement n° 1" in status["truncated.json"]["error"]
    assert "ce n'est pas un fichier DECP" in status["datasets.json"]["error"]
    assert contracts() == 1


def test_command_json_output_and_exit_status(analytics, tmp_path, capsys):
    good = write_2022(tmp_path / "good.json", [marche()])
    broken = tmp_path / "broken.xml"
    broken.write_text("<marches><marche><id>1</id></marche>")
    with pytest.raises(SystemExit) as exit_info:
        call_command("decp_import", str(good), str(broken), "--json")
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert {
        "records_read",
        "contracts",
        "duplicates",
        "superseded",
        "notes",
        "files",
        "seconds",
    } <= out.keys()
    assert [f["status"] for f in out["files"]] == ["ok", "error"]
    call_command("decp_report", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["contracts"] == 1
    assert report["by_year"] == {"2024": 1}
    assert report["known_share"]["social"] == 1.0
    call_command("decp_report")
    assert "1 marché retenu" in capsys.readouterr().out


def test_failed_import_keeps_previous_data(analytics, tmp_path, monkeypatch):
    run_import([write_2022(tmp_path / "a.json", [marche()])], workers=1)
    before = analytics.read_bytes()

    def explode(connection):
        raise RuntimeError("disk full")

    monkeypatch.setattr("apure.decp.build.rebuild", explode)
    with pytest.raises(RuntimeError):
        run_import([write_2022(tmp_path / "b.json", [marche(id="B")])], workers=1)
    assert analytics.read_bytes() == before
    assert not list(analytics.parent.glob("*.next-*"))
    assert contracts() == 1


def test_real_samples_import_with_sensible_figures(analytics):
    summary = run_import([SAMPLES], workers=1)
    formats = {item["path"].rsplit("/", 1)[-1]: item["format"] for item in summary["files"]}
    assert formats["DECP-45072478600030-2024-07-03-01.json"] == "2022-json"  # in a sub-folder
    assert formats["decp-59920013600241-2024-07-09-01.json"] == "2022-json"
    assert formats["decp_2024H2_travaux_cpv4521_filtered.csv"] == "decp-processing-csv"
    assert summary["contracts"] == 16583
    # "TEST" objects in the 2019 files, Atexo's SIRET in the decp.info extract.
    assert summary["notes"]["test_record"] == 9
    assert query("SELECT count(*) FROM contracts WHERE is_test")[0][0] == 9
    # The demo has recent Hauts-de-France contracts and some known considerations.
    assert (
        query(
            "SELECT count(*) FROM contracts "
            "WHERE coalesce(region, buyer_region) = '32' AND year = 2024"
        )[0][0]
        > 100
    )
    assert query("SELECT count(*) FROM contracts WHERE environmental <> 'unknown'")[0][0] >= 20
    # decp.info publishes where each buyer is: nearly every contract of its extract has a
    # territory (1,481 of 5,180 had none when only the reference table was used).
    assert (
        query(
            "SELECT count(*) FROM contracts WHERE source_file = ? "
            "AND coalesce(departement, buyer_departement) IS NULL",
            "decp_2024H2_travaux_cpv4521_filtered.csv",
        )[0][0]
        <= 20
    )
    assert (
        query(
            "SELECT count(*) FROM contracts WHERE source_format = '2019-json' "
            "AND social <> 'unknown'"
        )[0][0]
        == 0
    )


def test_the_ministry_augmented_csv_gives_its_considerations(analytics):
    summary = run_import([FIXTURES / "decp_augmente_valides_2022_test.csv"], workers=1)
    assert summary["files"][0]["format"] == "minef-csv"
    # ['Clause sociale'] strings become flags; the MQ / CDL markers are no value.
    considerations = query(
        "SELECT social, environmental, count(*) FROM contracts GROUP BY ALL ORDER BY ALL"
    )
    assert considerations == [("no", "no", 8), ("yes", "yes", 1)]


@pytest.mark.slow
def test_real_national_files_are_counted_and_a_foreign_json_is_refused(analytics):
    summary = run_import(
        [
            SAMPLES / "data.gouv.fr_aife.json",
            SAMPLES / "decp_2024H2_travaux_cpv4521_filtered.csv",
            # A real JSON file that is no DECP (the settings of the script that made the CSV).
            FIXTURES / "not_decp_settings.json",
        ],
        workers=1,
    )
    by_name = {item["path"].rsplit("/", 1)[-1]: item for item in summary["files"]}
    assert by_name["data.gouv.fr_aife.json"]["records"] == 4530
    assert by_name["decp_2024H2_travaux_cpv4521_filtered.csv"]["records"] == 5180
    assert by_name["not_decp_settings.json"]["status"] == "error"
    assert summary["notes"]["missing_date"] > 2000  # AIFE: 56 % without notification date
    shutil.rmtree(analytics.parent)


def test_progress_counts_every_record(analytics, tmp_path):
    counted = []
    path = write_2022(tmp_path / "p.json", [marche(id=f"P{i}") for i in range(7)])
    run_import([path], workers=1, progress=lambda n, name=None: counted.append(n))
    assert sum(counted) == 7


def test_official_xml_examples_of_both_formats(analytics):
    examples = FIXTURES / "format-commande-publique"
    summary = run_import([examples / "v1.5.0", examples / "v2.0.2"], workers=1)
    formats = {item["path"].rsplit("/", 1)[-1]: item["format"] for item in summary["files"]}
    assert formats["paquet.xml"] == "2019-xml"
    assert formats["mar-avec-modifications.xml"] == "2019-xml"  # a lone <marche> root
    assert formats["Marche.xml"] == "2022-xml"
    assert all(item["status"] == "ok" for item in summary["files"])
    assert query("SELECT count(*) FROM contracts WHERE kind = 'concession'")[0][0] >= 1


DECP_INFO_HEADER = (
    "uid,id,acheteur_id,acheteur_nom,acheteur_categorie,acheteur_commune_code,"
    "acheteur_departement_code,acheteur_region_code,titulaire_id,montant,dateNotification,"
    "codeCPV,lieuExecution_code\n"
)


def test_tabular_export_gives_the_territory_and_kind_of_buyers_the_reference_lacks(
    analytics, tmp_path
):
    path = tmp_path / "decp-info.csv"
    path.write_text(
        DECP_INFO_HEADER
        # A hospital: its kind and place come from the file (no place of execution given).
        + "26590671900009H1,H1,26590671900009,CHU,Établissement hospitalier,59350,59,32,"
        "81809944200019,1000,2024-05-01,45000000,\n"
        # Only the commune is published: Amiens is in the Somme, Hauts-de-France.
         + "25750000100009S1,S1,25750000100009,Syndicat,Syndicat mixte,80021,,,"
        "81809944200019,1000,2024-05-01,45000000,\n"
        # A code the INSEE tables do not know is ignored, never stored as a territory.
         + "13000548100002E1,E1,13000548100002,Rectorat,,,9Z,99,"
        "81809944200019,1000,2024-05-01,45000000,\n"
        # A category outside decp.info's list is not a buyer kind of the store.
         + "25750000100009A1,A1,25750000100009,Asso,Association culturelle,,,,"
        "81809944200019,1000,2024-05-01,45000000,\n"
        # A buyer the reference knows keeps the reference's facts.
         + "21590163800019C1,C1,21590163800019,Croix,Région,,62,32,"
        "81809944200019,1000,2024-05-01,45000000,\n",
        encoding="utf-8",
    )
    run_import([path], workers=1)
    rows = query(
        "SELECT contract_id, buyer_kind, buyer_departement, buyer_region, departement "
        "FROM contracts ORDER BY contract_id"
    )
    assert rows == [
        ("A1", None, None, None, None),
        ("C1", "commune", "59", "32", None),
        ("E1", "etat", None, None, None),
        ("H1", "hopital", "59", "32", None),
        ("S1", "autre", "80", "32", None),
    ]


def test_a_store_written_before_new_staging_columns_keeps_its_records(analytics, tmp_path):
    run_import([write_2022(tmp_path / "a.json", [marche(id="A")])], workers=1)
    store.close()
    with duckdb.connect(str(analytics)) as connection:
        for column in ("buyer_kind_published", "buyer_departement_published"):
            connection.execute(f"ALTER TABLE records DROP COLUMN {column}")
    summary = run_import([write_2022(tmp_path / "b.json", [marche(id="B")])], workers=1)
    assert summary["status"] == "ok"
    assert [row[0] for row in query("SELECT contract_id FROM contracts ORDER BY 1")] == ["A", "B"]


def test_a_file_imported_again_is_skipped_unless_forced_and_then_replaces_its_records(
    analytics, tmp_path, capsys
):
    path = tmp_path / "decp-info.csv"
    path.write_text(
        DECP_INFO_HEADER + "26590671900009H1,H1,26590671900009,CHU,,,59,32,"
        "81809944200019,1000,2024-05-01,45000000,\n",
        encoding="utf-8",
    )
    run_import([path], workers=1)
    store.close()
    # What an earlier version of the pipeline staged: no buyer territory from the file.
    with duckdb.connect(str(analytics)) as connection:
        connection.execute("UPDATE records SET buyer_departement_published = NULL")
    again = run_import([path], workers=1)
    assert again["status"] == "unchanged"
    assert again["files"][0]["status"] == "skipped"

    call_command("decp_import", str(path), "--force", "--json")
    forced = json.loads(capsys.readouterr().out)
    assert forced["files"][0]["status"] == "ok"
    assert (forced["contracts"], forced["records_stored"], forced["duplicates"]) == (1, 1, 0)
    assert query("SELECT buyer_departement FROM contracts") == [("59",)]
    assert query("SELECT count(*) FROM files") == [(1,)]


def test_an_all_zero_buyer_siret_gets_an_invalid_siret_note(analytics, tmp_path):
    path = write_2022(tmp_path / "zeros.json", [marche(id="Z1", acheteur={"id": "00000000000000"})])
    run_import([path], workers=1)
    codes = {code for (code,) in query("SELECT code FROM notes WHERE field = 'acheteur.id'")}
    assert "invalid_siret" in codes


def test_holders_are_stored_in_contract_order_so_a_contract_page_reads_one_row_group(analytics):
    """At 10 M contracts the holders of one contract were found by reading all 11.9 M rows
    (227 ms a contract page, bench/RESULTS.md): stored by uid, the zone maps find them."""
    run_import([CROIX, FIXTURES / "decp_test_2022.json"], workers=1)
    uids = [row[0] for row in query("SELECT uid FROM holders ORDER BY rowid")]
    assert len(uids) > 100 and uids == sorted(uids)
