"""The batch normaliser gives exactly the rows, holders and notes of the record-by-record one."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apure.decp.columnar import ColumnCaches, add_batch
from apure.decp.normalise import Normaliser

from .conftest import FIXTURES, SAMPLES, marche
from .test_robustness import FIELDS, JSON_VALUES

TODAY = date(2026, 11, 28)


def both_ways(records, hint="marche"):
    one = Normaliser(TODAY)
    kept_one = sum(one.add(record, index, hint) for index, record in enumerate(records))
    many = Normaliser(TODAY)
    caches = ColumnCaches()
    kept_many = 0
    for start in range(0, len(records), 7):  # several batches share the caches
        batch = records[start : start + 7]
        kept_many += add_batch(many, batch, range(start, start + len(batch)), hint, caches)
    return (kept_one, one), (kept_many, many)


def rows_of(normaliser):
    columns = normaliser.columns()
    return list(zip(*columns, strict=True)) if columns else []


def assert_same(records, hint="marche"):
    (kept_one, one), (kept_many, many) = both_ways(records, hint)
    assert kept_many == kept_one
    by_index = lambda row: row[-1]  # noqa: E731
    assert sorted(rows_of(many), key=by_index) == sorted(one.rows, key=by_index)
    assert sorted(many.holders, key=repr) == sorted(one.holders, key=repr)
    assert sorted(many.notes, key=repr) == sorted(one.notes, key=repr)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6), max_size=12))
def test_batches_of_records_with_any_field_types_give_the_same_rows(changes):
    records = []
    for number, change in enumerate(changes):
        record = marche(id=f"M{number % 5}")
        record.update(change)
        records.append(record)
    assert_same(records)


def test_values_equal_as_keys_but_not_as_published_are_told_apart():
    # True == 1 == 1.0 as dict keys; as amounts or objects they mean different things.
    records = [
        marche(id="A1", montant=True, objet=1, nature=True, dureeMois=True),
        marche(id="A2", montant=1, objet=True, nature=1, dureeMois=1),
        marche(id="A3", montant=1.0, objet=1.0, nature=1.0, dureeMois=1.0),
        marche(id="A4", acheteur={"id": "   "}),
        marche(id="0000", modifications=[{"montant": 10}]),
        marche(id="A5", modifications={}),
        marche(id="A6", _type="Contrat de concession"),
        # What the tabular reader adds to the buyer block (decp.info columns).
        marche(id="A7", acheteur={"id": "21590163800019", "nom": "X", "departement": "59"}),
        marche(
            id="A8",
            acheteur={
                "id": "26590671900009",
                "nom": None,
                "categorie": "EPIC",
                "commune": "80021",
                "region": 32,
            },
        ),
    ]
    assert_same(records)
    assert_same(records, hint="concession")


@pytest.mark.parametrize(
    "path",
    [
        SAMPLES / "decp-59920013600241-2024-07-09-01.json",
        FIXTURES / "atexo_test_decp-2025.json",
        FIXTURES / "decp_test_2022.json",
        FIXTURES / "decp_test_2019.json",
        SAMPLES / "marches-publics.info.json",
    ],
    ids=lambda path: path.name,
)
def test_real_files_give_the_same_rows_both_ways(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    marches = doc.get("marches")
    records = marches.get("marche", []) if isinstance(marches, dict) else marches
    assert records, "the sample holds marchés"
    assert_same(records)


def test_a_single_wrapped_holder_keeps_its_name_like_several_do():
    wrapped = {"titulaire": {"id": "81809944200019", "denominationSociale": "Verts Jardins"}}
    other = {"titulaire": {"id": "44306184100047", "denominationSociale": "Pépinières du Nord"}}
    (_, one), (_, many) = both_ways(
        [marche(id="S1", titulaires=[wrapped]), marche(id="S2", titulaires=[wrapped, other])]
    )
    names = sorted(holder[3] for holder in one.holders)
    assert names == ["Pépinières du Nord", "Verts Jardins", "Verts Jardins"]
    assert sorted(holder[3] for holder in many.holders) == names
