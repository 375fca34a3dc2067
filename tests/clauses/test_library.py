import json
import shutil
from pathlib import Path

import pytest

from apure import search
from apure.clauses.library import DATA_DIR, LibraryError, load_library, read_library
from apure.clauses.models import Clause, Segment, Status

from .conftest import FIXTURE_LIBRARY


def test_loading_creates_published_clauses_with_their_relations(library):
    assert (library.segments, library.created) == (3, 9)
    clause = Clause.objects.get(slug="fixture-lot-reserve")
    assert clause.status == Status.PUBLISHED
    assert set(clause.segments.values_list("code", flat=True)) == {
        "batiment-rehabilitation",
        "nettoyage",
    }
    assert clause.legal_basis_list == ["Art. L2113-13 CCP", "Art. R2113-7 CCP"]
    assert clause.revisions.get().comment == "Chargée depuis la bibliothèque"


def test_loaded_clauses_are_searchable(library):
    found = search.objects("réemploi", Clause.objects.published())
    assert {c.slug for c in found} == {"fixture-reemploi-materiaux", "fixture-mobilier-reemploi"}


def test_reloading_changes_nothing(library):
    report = load_library(FIXTURE_LIBRARY)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 9)
    assert Clause.objects.get(slug="fixture-lot-reserve").revisions.count() == 1


def _copy_with_change(tmp_path, new_title):
    target = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, target)
    path = target / "clauses" / "batiment.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records[0]["title"] = new_title
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return target


def test_a_changed_record_updates_an_untouched_clause(library, tmp_path):
    report = load_library(_copy_with_change(tmp_path, "Nouveau titre livré"))
    assert report.updated == 1
    clause = Clause.objects.get(slug="fixture-insertion-travaux")
    assert clause.title == "Nouveau titre livré"
    assert clause.revisions.first().comment == "Mise à jour depuis la bibliothèque"


def test_a_clause_edited_by_a_facilitator_is_never_overwritten(library, tmp_path):
    Clause.objects.filter(slug="fixture-insertion-travaux").update(
        title="Titre revu par l'animation", edited_locally=True
    )
    report = load_library(_copy_with_change(tmp_path, "Nouveau titre livré"))
    assert report.kept_local == ["fixture-insertion-travaux"]
    assert Clause.objects.get(slug="fixture-insertion-travaux").title == (
        "Titre revu par l'animation"
    )


@pytest.mark.parametrize(
    "change,message",
    [
        ({"kind": "clause"},
         "batiment.json, enregistrement 1 (fixture-insertion-travaux), champ « kind »"),
        ({"segments": ["inconnu"]}, "segment inconnu\u00a0: inconnu"),
        ({"themes": ["sport"]}, "thème inconnu\u00a0: sport"),
        ({"legal_basis": []}, "champ « legal_basis »\u00a0: valeur manquante"),
    ],
)  # fmt: skip
def test_an_invalid_record_is_named_and_nothing_is_written(db, tmp_path, change, message):
    target = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, target)
    path = target / "clauses" / "batiment.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records[0].update(change)
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LibraryError) as error:
        load_library(target)
    assert message in str(error.value)
    assert not Clause.objects.exists() and not Segment.objects.exists()


def test_an_unreadable_file_is_reported(db, tmp_path):
    target = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, target)
    (target / "clauses" / "casse.json").write_text("[{", encoding="utf-8")
    with pytest.raises(LibraryError, match="casse.json\u00a0: fichier illisible"):
        load_library(target)


def test_the_shipped_library_files_load_without_error(db):
    if not (DATA_DIR / "segments.json").exists():
        pytest.skip("Pas encore de bibliothèque livrée dans apure/clauses/data/.")
    segments, clauses, _files = read_library(DATA_DIR)
    report = load_library(DATA_DIR)
    assert report.segments == len(segments)
    assert report.created == len(clauses)


def test_demo_step_is_idempotent(db):
    from apure.clauses import demo

    lines = []
    demo.load(lines.append)
    first = Clause.objects.count()
    demo.load(lines.append)
    assert Clause.objects.count() == first
    assert len(lines) == 2
    assert Path(DATA_DIR).name == "data"


def test_load_command_reports_in_json_and_fails_with_a_french_reason(db, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    call_command("load_clauses", "--dossier", str(FIXTURE_LIBRARY), "--json")
    assert json.loads(capsys.readouterr().out)["clauses_creees"] == 9
    with pytest.raises(CommandError, match="fichier des segments introuvable"):
        call_command("load_clauses", "--dossier", str(tmp_path))


def test_segment_words_find_every_clause_of_the_segment(library):
    found = search.objects("réhabilitation", Clause.objects.published())
    assert {c.slug for c in found} == {
        "fixture-insertion-travaux",
        "fixture-reemploi-materiaux",
        "fixture-critere-carbone",
        "fixture-lot-reserve",
    }


def test_changing_segments_in_the_admin_updates_the_search(library):
    clause = Clause.objects.get(slug="fixture-nettoyage-ecolabel")
    clause.segments.add(Segment.objects.get(code="mobilier"))
    assert "fixture-nettoyage-ecolabel" in {
        c.slug for c in search.objects("mobilier scolaire", Clause.objects.published())
    }
