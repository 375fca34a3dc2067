"""`apure carbon_import`: the official export replaces matching ratios, with a French report."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apure.carbon import importer, reference

EXTRACT = Path(__file__).parent / "data" / "base_carbone_extrait.csv"


def _in_force(sector, year=2023):
    return next(r for r in reference.ratios() if r.sector == sector and r.euro_year == year)


def test_import_replaces_adds_and_refuses_with_row_and_field():
    output = StringIO()
    call_command("carbon_import", str(EXTRACT), stdout=output)
    text = output.getvalue()
    assert "9 lignes lues, 8 éléments, 7 ratios monétaires" in text
    assert (
        "Remplacés\u00a0: 1\u00a0; ajoutés\u00a0: 2\u00a0; inchangés\u00a0: 1\u00a0; "
        "refusés\u00a0: 3." in text
    )
    assert "Remplacé\u00a0: C17 Papier et carton, euros 2023\u00a0: 357 kgCO2e/k€ HT → 360" in text
    # A sector the public sources lacked gets a factor; a new euro year is added beside 2023.
    assert (
        "Ajouté\u00a0: C29 Véhicules automobiles, remorques et semi-remorques, euros 2023\u00a0: "
        "facteur inconnu → 420 kgCO2e/k€ HT (élément 50001)" in text
    )
    assert (
        "Ajouté\u00a0: F41_F43 Constructions et travaux de construction, euros 2021\u00a0: pas de "
        "ratio en euros 2021 → 251,5 kgCO2e/k€ HT" in text
    )
    assert "Refusé\u00a0: ligne 6, champ « Statut de l'élément » (Archivé)" in text
    assert "Refusé\u00a0: ligne 7, champ « Total poste non décomposé » (vide)" in text
    assert (
        "Refusé\u00a0: ligne 8, champ « Commentaire français » (vide)\u00a0: "
        "secteur NAF non reconnu" in text
    )
    assert "Ratios enregistrés." in text
    paper = _in_force("C17")
    assert (paper.kg_per_keur, paper.status, paper.base_carbone_id) == (360, "I", "43370")
    cars = _in_force("C29")
    assert cars.kg_per_keur == 420
    assert cars.uncertainty_pct == reference.DEFAULT_UNCERTAINTY_PCT  # empty in the file
    assert _in_force("F41_F43", 2021).kg_per_keur == 251.5
    assert _in_force("F41_F43").kg_per_keur == 245  # the 2023 ratio stays
    assert _in_force("C20").kg_per_keur == 603  # the archived row changed nothing


def test_dry_run_reports_without_writing_and_json_output():
    output = StringIO()
    call_command("carbon_import", str(EXTRACT), "--dry-run", "--json", stdout=output)
    report = json.loads(output.getvalue())
    assert report["written"] is False
    assert [item["sector"] for item in report["replaced"]] == ["C17"]
    assert {item["field"] for item in report["refused"]} == {
        "Statut de l'élément", "Total poste non décomposé", "Commentaire français"}  # fmt: skip
    assert not reference.imported_path().exists()
    assert _in_force("C17").kg_per_keur == 357


def test_a_second_import_keeps_the_ratios_it_does_not_touch(tmp_path):
    importer.read(EXTRACT)
    lines = EXTRACT.read_bytes().split(b"\r\n")
    only_paper = tmp_path / "papier.csv"
    only_paper.write_bytes(b"\r\n".join([lines[0], lines[1].replace(b";360;", b";362;")]))
    report = importer.read(only_paper)
    assert [(c.old, c.new) for c in report.replaced] == [(360, 362)]
    assert _in_force("C17").kg_per_keur == 362
    assert _in_force("C29").kg_per_keur == 420


def test_a_file_without_the_export_columns_is_refused(tmp_path):
    wrong = tmp_path / "autre.csv"
    wrong.write_text("id,nom,valeur\n1,papier,357\n", encoding="utf-8")
    with pytest.raises(CommandError, match="il manque « Type Ligne »"):
        call_command("carbon_import", str(wrong), stdout=StringIO())
    with pytest.raises(CommandError, match="Fichier illisible"):
        call_command("carbon_import", str(tmp_path / "absent.csv"), stdout=StringIO())
    assert not reference.imported_path().exists()
