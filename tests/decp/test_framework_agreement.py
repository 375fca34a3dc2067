"""One definition of « accord-cadre » in the store: `framework_agreement` (and `techniques`),
from the 2019 `nature` or the 2022 `techniques`, by every import path; never invented."""

import json
from datetime import date

import duckdb
import pytest

from apure.decp import store
from apure.decp import values as v
from apure.decp.importer import run_import
from apure.decp.normalise import COLUMNS, Normaliser

from .conftest import FIXTURES, marche, query, write_2022
from .test_columnar import assert_same

TODAY = date(2026, 11, 28)
NAMES = [name for name, _ in COLUMNS]
FRAMEWORK, TECHNIQUES = NAMES.index("framework_agreement"), NAMES.index("techniques")
AC = "Accord-cadre"


def marche_2019(**fields):
    """A format-2019 marché (no field of the format 2022)."""
    record = {
        "_type": "Marché",
        "id": "2019-001",
        "acheteur": {"id": "21590163800019", "nom": "Croix"},
        "nature": "Marché",
        "objet": "Voirie",
        "codeCPV": "45233140-2",
        "procedure": "Procédure adaptée",
        "dureeMois": 12,
        "dateNotification": "2019-03-01",
        "datePublicationDonnees": "2019-03-15",
        "montant": 50000,
        "titulaires": [{"typeIdentifiant": "SIRET", "id": "81809944200019"}],
        "modifications": [],
    }
    record.update(fields)
    return record


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"technique": [AC, "Concours"]}, ((AC, "Concours"), True)),  # official 2.0.1+
        ({"technique": AC}, ((AC,), True)),  # XML with a single <technique>
        (["Système d’acquisition dynamique"], (("Système d'acquisition dynamique",), False)),
        ("Accord-cadre, Enchère électronique", ((AC, "Enchère électronique"), True)),  # decp.info
        ("['Accord-cadre']", ((AC,), True)),  # the ministry's « DECP augmenté »
        ("ACCORD CADRE", ((AC,), True)),
        ({"technique": ["Sans objet"]}, (("Sans objet",), False)),
        # An unknown value might be a framework agreement in other words: not said.
        ({"technique": ["AC à bons de commande"]}, (None, None)),
        ({"technique": ["Concours", "AC mono-attributaire"]}, (("Concours",), None)),
        ({"technique": [AC, "AC mono-attributaire"]}, ((AC,), True)),
        # Empty, markers, odd types: nothing is said.
        ({"technique": []}, (None, None)),
        ("NC", (None, None)),
        ("MQ", (None, None)),
        ({"technique": [1, None]}, (None, None)),
        (42, (None, None)),
        (None, (None, None)),
    ],
)
def test_techniques_are_read_in_every_shape(value, expected):
    assert v.techniques(value) == expected


def rows_of(*records, hint="marche"):
    normaliser = Normaliser(TODAY)
    for index, record in enumerate(records):
        assert normaliser.add(record, index, hint)
    return [(row[FRAMEWORK], row[TECHNIQUES]) for row in normaliser.rows]


def test_a_2022_technique_or_a_2019_nature_says_it_and_nothing_else_is_invented():
    assert rows_of(
        marche(techniques={"technique": [AC]}),
        marche(techniques={"technique": ["Sans objet"]}),
        marche(),  # format 2022 without techniques: unknown, not « no »
        marche(techniques={"technique": []}),
        marche_2019(nature="Accord-cadre"),
        marche_2019(nature="ACCORD-CADRE"),
        marche_2019(),  # its nature would have said « Accord-cadre »
        marche_2019(nature="Marché subséquent"),  # an order under one, not one
        marche_2019(nature=None),
        marche_2019(nature="Autre"),
        # Schema 2.0.0: the bare list `technique`, with the typographic apostrophe.
        dict(marche_2019(nature="Marché"), technique=["Système d’acquisition dynamique"]),
    ) == [
        (True, (AC,)),
        (False, ("Sans objet",)),
        (None, None),
        (None, None),
        (True, None),
        (True, None),
        (False, None),
        (False, None),
        (None, None),
        (None, None),
        (False, ("Système d'acquisition dynamique",)),
    ]


def test_a_concession_is_unknown_unless_its_record_says():
    concession = {
        "id": "DSP-1",
        "autoriteConcedante": {"id": "21590163800019"},
        "nature": "Délégation de service public",
        "objet": "Réseau de chaleur",
        "valeurGlobale": 1_000_000,
        "dateSignature": "2024-01-01",
    }
    assert rows_of(concession, hint="concession") == [(None, None)]


def test_both_extractors_give_the_same_framework_agreement():
    records = [
        marche(id="T1", techniques={"technique": [AC, "Concours"]}),
        marche(id="T2", techniques={"technique": ["Sans objet"]}),
        marche(id="T3"),
        marche(id="T4", techniques="Accord-cadre"),
        marche(id="T5", techniques={"technique": [{"x": 1}]}),
        marche(id="T6", techniques=None, technique=[AC]),
        marche(id="T7", nature="Accord-cadre"),
        # No field of the format 2022 and no `_type`: read by the batch extractor.
        {k: val for k, val in marche(id="T8").items() if not k.startswith("consideration")},
        marche_2019(id="T9"),
        marche_2019(id="T10", nature="Accord-cadre"),
    ]
    assert_same(records)
    assert_same(records, hint="concession")


def test_real_2022_file_keeps_its_techniques(analytics):
    run_import([FIXTURES / "decp_test_2022.json"], workers=1)
    rows = query(
        "SELECT contract_id, framework_agreement, techniques FROM contracts ORDER BY contract_id"
    )
    assert ("2022VI2022.242", True, [AC, "Concours"]) in rows
    others = [row[1:] for row in rows if row[0] != "2022VI2022.242"]
    assert others and all(row == (False, ["Sans objet"]) for row in others)


def test_real_2019_file_says_no_only_for_a_record_of_the_2019_shape(analytics):
    run_import([FIXTURES / "decp_test_2019.json"], workers=1)
    # The second record, in a 2019 file, carries `marcheInnovant` (format 2022): its nature
    # « Marché » no longer says that it is not a framework agreement.
    assert query("SELECT contract_id, framework_agreement FROM contracts ORDER BY 1") == [
        ("2019-VI2022.242", None),
        ("2019_83935401", False),
    ]


def test_official_xml_example_of_the_format_2022_is_a_framework_agreement(analytics):
    run_import([FIXTURES / "format-commande-publique" / "v2.0.2" / "Marche.xml"], workers=1)
    assert query(
        "SELECT DISTINCT framework_agreement, techniques FROM contracts WHERE kind = 'marche'"
    ) == [(True, ["Concours", AC])]


def test_the_ministry_csv_of_both_formats(analytics):
    run_import(
        [
            FIXTURES / "decp_augmente_valides_2022_test.csv",
            FIXTURES / "decp_augmente_valides_2019_test.csv",
        ],
        workers=1,
    )
    rows = query(
        "SELECT source_format, nature, framework_agreement, count(*) FROM contracts "
        "GROUP BY ALL ORDER BY ALL"
    )
    # 2022 rows: `['Accord-cadre']` / `['Sans objet']`; 2019 rows: the nature (written
    # « ACCORD-CADRE », « MARCHE »…) says it.
    assert rows == [
        ("minef-csv", "Accord-cadre", True, 4),
        ("minef-csv", "Marché", False, 9),
        ("minef-csv", "Marché", True, 4),
        ("minef-csv", "Marché subséquent", False, 1),
    ]
    assert query("SELECT count(*) FROM contracts WHERE techniques = ['Accord-cadre']") == [(4,)]


def test_decp_info_csv_techniques_and_an_empty_cell_says_nothing(analytics, tmp_path):
    path = tmp_path / "decp-info.csv"
    path.write_text(
        "uid,id,acheteur_id,nature,techniques,titulaire_id,montant,dateNotification,codeCPV\n"
        "21590163800019A1,A1,21590163800019,Marché,"
        '"Accord-cadre, Système d\'acquisition dynamique",81809944200019,1000,2024-05-01,'
        "45000000\n"
        "21590163800019S1,S1,21590163800019,Marché,Sans objet,81809944200019,1000,2024-05-01,"
        "45000000\n"
        "21590163800019E1,E1,21590163800019,Marché,,81809944200019,1000,2024-05-01,45000000\n",
        encoding="utf-8",
    )
    summary = run_import([path], workers=1)
    assert summary["files"][0]["format"] == "decp-processing-csv"
    assert query(
        "SELECT contract_id, framework_agreement, techniques FROM contracts ORDER BY 1"
    ) == [
        ("A1", True, [AC, "Système d'acquisition dynamique"]),
        ("E1", None, None),  # decp.info's shape is the format 2022: an empty cell is unknown
        ("S1", False, ["Sans objet"]),
    ]


def test_records_staged_before_the_column_keep_their_2019_framework_agreements(analytics, tmp_path):
    path = tmp_path / "a.json"
    records = [marche_2019(id="AC1", nature="Accord-cadre"), marche_2019(id="M1")]
    path.write_text(json.dumps({"marches": records}), encoding="utf-8")
    run_import([path], workers=1)
    store.close()
    # What an earlier version staged: no framework_agreement, no techniques.
    with duckdb.connect(str(analytics)) as connection:
        connection.execute("ALTER TABLE records DROP COLUMN framework_agreement")
        connection.execute("ALTER TABLE records DROP COLUMN techniques")
    summary = run_import([write_2022(tmp_path / "b.json", [marche(id="B")])], workers=1)
    assert summary["status"] == "ok"
    # Its 2019 framework agreement stays one; what else it was is unknown until --force.
    assert query("SELECT contract_id, framework_agreement FROM contracts ORDER BY 1") == [
        ("AC1", True),
        ("B", None),
        ("M1", None),
    ]
