import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

# The project's benchmark checker: the figures of the command must satisfy it as they are.
CHECK_TRUTH = Path(__file__).resolve().parents[2] / "bench" / "check_truth.py"


def _run(capsys, *args):
    call_command("indicators", *args)
    return capsys.readouterr().out


def test_json_output_covers_all_of_france_by_default(observatory_store, capsys):
    result = json.loads(_run(capsys, "--json"))
    assert result["contracts"] == len(observatory_store)
    assert set(result["social"]) >= {"yes", "no", "unknown", "share_yes", "coverage"}
    assert result["concessions"]["contracts"] == 1


def test_filters_of_the_command(observatory_store, capsys):
    result = json.loads(_run(capsys, "--json", "--year", "2025", "--departement", "62"))
    expected = [r for r in observatory_store if r["year"] == 2025 and r["departement"] == "62"]
    assert result["contracts"] == len(expected) > 0


def test_several_years_after_one_flag(observatory_store, capsys):
    result = json.loads(_run(capsys, "--json", "--year", "2024", "2025"))
    assert set(result["by_year"]) == {"2024", "2025"}


def test_french_summary(observatory_store, capsys):
    out = _run(capsys, "--region", "32")
    assert "Considération sociale\u00a0: oui" in out
    assert "région Hauts-de-France" in out


def test_bad_input_and_missing_store_give_a_french_reason(empty_store):
    with pytest.raises(CommandError, match="Aucune donnée importée"):
        call_command("indicators", "--json")
    with pytest.raises(CommandError, match="SIRET"):
        call_command("indicators", "--buyer", "123")
    # A command stops on a bad filter: it does not "ignore" it as the pages do.
    with pytest.raises(CommandError, match="« region » invalide\u00a0: région inconnue"):
        call_command("indicators", "--region", "99")
    with pytest.raises(CommandError, match="« 1850 » hors de la période"):
        call_command("indicators", "--year", "1850")


def test_output_satisfies_the_benchmark_truth_checker(observatory_store, capsys, tmp_path):
    rows = observatory_store
    truth = {
        "unique": len(rows),
        "exact_duplicates": 0,
        "republished": 0,
        "by_year": {str(y): sum(r["year"] == y for r in rows) for y in {r["year"] for r in rows}},
        "format": "2022",
        "social": sum(r["social"] == "yes" for r in rows),
        "environmental": sum(r["environmental"] == "yes" for r in rows),
        "amount_eur": sum(r["amount"] or 0 for r in rows if r["kind"] == "marche"),
    }
    (tmp_path / "truth.json").write_text(json.dumps(truth))
    (tmp_path / "import.json").write_text(json.dumps({"contracts": len(rows), "duplicates": 0,
                                                      "superseded": 0}))  # fmt: skip
    (tmp_path / "indicators.json").write_text(_run(capsys, "--json"))
    done = subprocess.run(
        [sys.executable, str(CHECK_TRUTH), *(str(tmp_path / name) for name in
         ("truth.json", "import.json", "indicators.json"))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


def test_a_departement_outside_the_region_asked_for_is_still_counted(observatory_store, capsys):
    result = json.loads(_run(capsys, "--json", "--region", "32", "--departement", "75"))
    expected = [r for r in observatory_store if r["departement"] == "75"]
    assert result["contracts"] == len(expected) > 0
    assert result["filters"]["region"] == "11"
