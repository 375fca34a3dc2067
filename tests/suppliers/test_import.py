"""`apure ess_import`: data·inclusion and plain CSV files merged by SIRET, with a French report
of what changed and what was refused, and nothing lost."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apure.suppliers.importer import merge
from apure.suppliers.models import Supplier

from .factories import SupplierFactory, siret_for

pytestmark = pytest.mark.django_db

KNOWN = siret_for(81_000_000_0000)
NEW = siret_for(82_000_000_0000)
NOT_A_SUPPLIER = siret_for(83_000_000_0000)


@pytest.fixture
def known():
    return SupplierFactory(
        siret=KNOWN, name="Jardins de l'Escaut", kinds=",ACI,", website="",
        activities="Maraîchage", source="Liste ASP", source_date=date(2019, 7, 1),
    )  # fmt: skip


def structure(**fields):
    return {"source": "emplois-de-linclusion", "id": f"x--{fields['siret']}", **fields}


def test_data_inclusion_file_is_merged_with_a_report_of_each_row(tmp_path, known):
    path = tmp_path / "structures.json"
    rows = [
        structure(siret=KNOWN, nom="Jardins de l'Escaut", reseaux_porteurs=["ai"],
                  site_web="https://jardins.example.org", date_maj="2026-10-01",
                  description=None),
        structure(siret=NEW, nom="ESAT du Hainaut", reseaux_porteurs=["esat"],
                  code_postal="59300", commune="Valenciennes", code_insee="59606",
                  date_maj="2026-09-15"),
        structure(siret=NOT_A_SUPPLIER, nom="Mission locale", reseaux_porteurs=["mission-locale"],
                  date_maj="2026-09-15"),
        structure(siret="12345678901234", nom="Sans SIRET valide", reseaux_porteurs=["ei"],
                  date_maj="2026-09-15"),
    ]  # fmt: skip
    path.write_text(json.dumps(rows), encoding="utf-8")

    report = merge(path)

    known.refresh_from_db()
    assert known.kind_list == ["ACI", "AI"]  # added, never removed
    assert known.activities == "Maraîchage"  # an empty value erases nothing
    assert (known.website, known.source_date) == ("https://jardins.example.org", date(2026, 10, 1))
    created = Supplier.objects.get(siret=NEW)
    assert (created.kind_list, created.departement) == (["ESAT"], "59")
    assert not Supplier.objects.filter(siret=NOT_A_SUPPLIER).exists()
    text = "\n".join(report.lines())
    assert "1 fiche(s) créée(s), 1 mise(s) à jour, 0 inchangée(s), 2 ligne(s) refusée(s)" in text
    assert "ligne 1\u00a0: " + KNOWN + " modifiée — types « ACI » → « ACI,AI »" in text
    assert "ligne 2\u00a0: créée — ESAT du Hainaut" in text
    assert (
        "ligne 3\u00a0: refusée — types\u00a0: aucun type de fournisseur inclusif reconnu" in text
    )
    assert "ligne 4\u00a0: refusée — SIRET\u00a0: SIRET invalide « 12345678901234 »" in text


def test_plain_csv_refuses_older_sources_and_incomplete_new_rows(tmp_path, known):
    path = tmp_path / "ea.csv"
    path.write_text(
        "SIRET;Nom;Types;Activités;Territoire;Date_source\n"
        f"{KNOWN};Ancien nom;EI;;;01/01/2018\n"
        f"{NEW};;EA;Blanchisserie;Métropole lilloise;01/09/2026\n"
        f"{siret_for(84_000_000_0000)};Atelier adapté;EA;Blanchisserie;;32/13/2026\n",
        encoding="cp1252",
    )

    report = merge(path)

    known.refresh_from_db()
    assert known.name == "Jardins de l'Escaut"
    assert report.refused == [
        (2, "source_date", "source du 01/01/2018 plus ancienne que la fiche (01/07/2019)"),
        (3, "name", "obligatoire pour une structure absente de l'annuaire"),
        (4, "source_date", "date illisible « 32/13/2026 » (AAAA-MM-JJ ou JJ/MM/AAAA)"),
    ]
    assert Supplier.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"siret": "1", ', "JSON invalide"),
        ("nom;commune\nAtelier;Lille\n", "colonne « siret » introuvable"),
    ],
)
def test_a_broken_file_changes_nothing(tmp_path, known, content, reason):
    path = tmp_path / "casse.txt"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=f"Import refusé, rien n'est modifié\u00a0: {reason}"):
        call_command("ess_import", str(path))

    assert list(Supplier.objects.values_list("siret", "name")) == [(KNOWN, known.name)]


def test_command_prints_the_report_and_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "geiq.csv"
    path.write_text(f"siret,nom,type\n{NEW},GEIQ Propreté,GEIQ\n", encoding="utf-8")
    out = StringIO()

    call_command("ess_import", str(path), "--dry-run", stdout=out)

    assert "ligne 2\u00a0: créée — GEIQ Propreté" in out.getvalue()
    assert "Essai à blanc\u00a0: rien n'est enregistré." in out.getvalue()
    assert not Supplier.objects.exists()
    call_command("ess_import", str(path), stdout=StringIO())
    assert Supplier.objects.get(siret=NEW).kind_list == ["GEIQ"]


def test_a_naf_code_is_read_for_the_search_by_segment_and_checked(tmp_path, known):
    path = tmp_path / "ea.csv"
    path.write_text(
        "siret;nom;types;code_naf\n"
        f"{NEW};Atelier vert adapté;EA;81.30z\n"
        f"{siret_for(84_000_000_0000)};Atelier adapté;EA;jardinage\n",
        encoding="utf-8",
    )

    report = merge(path)

    assert Supplier.objects.get(siret=NEW).naf == "8130Z"
    assert report.refused == [(3, "naf", "code NAF invalide « jardinage » (ex. 81.30Z)")]
