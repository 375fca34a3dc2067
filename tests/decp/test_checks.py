"""The table of data-quality checks (apure/decp/checks.py) is the only place a check is written:
the engine of both import paths, the store's SQL and docs/decp.md follow it."""

from dataclasses import replace
from datetime import date

from apure.decp import checks
from apure.decp.columnar import ColumnCaches, add_batch
from apure.decp.importer import run_import
from apure.decp.normalise import Normaliser

from .conftest import REPO, marche, query, write_2022

TODAY = date(2026, 11, 28)


def test_the_documentation_table_is_generated_from_the_checks_table():
    document = (REPO / "docs" / "decp.md").read_text(encoding="utf-8")
    assert checks.with_table(document) == document, (
        "docs/decp.md is out of date: run `.venv/bin/python -m apure.decp.checks docs/decp.md`"
    )
    for check in checks.CHECKS.values():
        assert f"| `{check.code}` | {check.label} |" in document


def test_every_check_has_a_french_message_a_severity_and_known_rules():
    for check in checks.CHECKS.values():
        assert check.severity in checks.SEVERITY_LABELS
        assert check.message.endswith(".") and check.label
        assert set(check.rules) <= set(checks.RULES)
        # A check is decided either by the engine or somewhere that is named.
        assert (check.find is None) == bool(check.raised_by) or check.code == "missing_key"


def both_paths(records):
    one = Normaliser(TODAY)
    for index, record in enumerate(records):
        one.add(record, index)
    many = Normaliser(TODAY)
    add_batch(many, records, range(len(records)), "marche", ColumnCaches())
    return one.notes, many.notes


def test_a_record_s_notes_follow_the_order_of_the_rules():
    record = marche(
        acheteur={"id": "21590163800018"},  # bad check digit
        montant=0.5,
        codeCPV="",
        dateNotification="2099-01-01",
        datePublicationDonnees="31/02/2024",
        dureeMois=-1,
        considerationsSociales={"considerationSociale": ["Bleu"]},
        titulaires=[{"titulaire": {"typeIdentifiant": "SIRET", "id": "12345678901234"}}],
        objet="TEST de la plateforme",
    )
    one, many = both_paths([record])
    codes = [note[3] for note in one]
    assert codes == [
        "invalid_siret",
        "absurd_amount",
        "missing_cpv",
        "future_date",
        "invalid_date",
        "suspicious_duration",
        "unknown_consideration",
        "invalid_holder_id",
        "test_record",
    ]
    assert many == one
    assert one[1][4] == checks.message("absurd_amount", "0.5", "≤ 1 €")


def test_a_new_check_is_one_entry_in_the_table(monkeypatch):
    """What adding a check takes: an entry (and this kind of test). Both paths apply it, in
    its rule's place, with its message; the documentation table lists it."""

    def long_object(batch):
        for n, text in enumerate(batch.objects):
            if text is not None and len(text) > 20:
                yield n, "test", "objet", text, str(len(text))

    new = checks.Check(
        "long_object",
        checks.INFO,
        "Objet très long",
        "Objet de {detail} caractères.",
        ("test",),
        long_object,
    )
    monkeypatch.setitem(checks.CHECKS, new.code, new)
    # (What the module computes from CHECKS when it is loaded.)
    monkeypatch.setattr(checks, "ENGINE_CHECKS", [*checks.ENGINE_CHECKS, new])
    records = [marche(id="A1", objet="Court"), marche(id="A2", objet="x" * 30)]

    one, many = both_paths(records)

    assert one == many == [(1, "objet", "x" * 30, "long_object", "Objet de 30 caractères.")]
    assert "| `long_object` | Objet très long | information |" in checks.markdown_table()


def test_the_store_reads_severities_and_the_key_reused_message_from_the_table(analytics, tmp_path):
    same_day = "2024-03-15"
    path = write_2022(
        tmp_path / "a.json",
        [
            marche(id="R1", montant=1000, datePublicationDonnees=same_day),
            marche(id="R1", montant=2000, datePublicationDonnees=same_day),
            marche(id="R2", codeCPV=None),
        ],
    )
    run_import([path], workers=1, today=TODAY)
    notes = {
        code: (severity, message)
        for code, severity, message in query("SELECT code, severity, message FROM notes")
    }
    assert notes["key_reused"] == (
        checks.severity("key_reused"),
        checks.message("key_reused", detail="2"),
    )
    assert notes["missing_cpv"] == (checks.severity("missing_cpv"), "Code CPV absent.")


def test_a_changed_severity_reaches_the_store(analytics, tmp_path, monkeypatch):
    monkeypatch.setitem(
        checks.CHECKS, "missing_cpv", replace(checks.CHECKS["missing_cpv"], severity=checks.ERROR)
    )
    run_import([write_2022(tmp_path / "a.json", [marche(codeCPV=None)])], workers=1, today=TODAY)
    assert query("SELECT code, severity FROM notes") == [("missing_cpv", "error")]


def test_the_quality_page_names_each_check_by_its_label(analytics, tmp_path, client):
    from apure.observatory import store_query

    run_import([write_2022(tmp_path / "a.json", [marche(codeCPV=None)])], workers=1, today=TODAY)
    store_query.clear_cache()
    page = client.get("/observatoire/qualite/").content.decode()
    assert "Code CPV absent <code>missing_cpv</code>" in " ".join(page.split())
