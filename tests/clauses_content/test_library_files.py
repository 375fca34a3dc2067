"""Checks the shipped clause library files against the format the loader expects.

Standard library + pytest only: the files must be valid before any database exists.
"""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "apure" / "clauses" / "data"
CPV_TABLE = REPO / "apure" / "reference" / "data" / "cpv" / "cpv_2008_main_fr_en.csv"

NATURES = {"travaux", "fournitures", "services"}
KINDS = {
    "technical_specification",
    "award_criterion",
    "execution_condition",
    "reserved_contract",
    "variant",
}
THEMES = {
    "insertion",
    "handicap",
    "ess",
    "climat",
    "economie-circulaire",
    "biodiversite",
    "eau",
    "alimentation",
    "cout-du-cycle-de-vie",
    "sobriete-numerique",
}
DIFFICULTIES = {"facile", "intermediaire", "avance"}
SEGMENT_KEYS = {"code", "label", "nature", "cpv_prefixes", "labour_share", "description"}
# Added to a clause only where the version of a cited text is known (data/README.md).
OPTIONAL_CLAUSE_KEYS = {"legal_basis_versions"}
CLAUSE_KEYS = {
    "slug",
    "title",
    "kind",
    "text",
    "weighting_advice",
    "verification",
    "legal_basis",
    "segments",
    "themes",
    "difficulty",
    "vigilance",
    "min_amount",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Clauses are pasted into consultation documents: long enough to be complete, short enough to read.
MIN_WORDS, MAX_WORDS = 80, 250


def _load(path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def segments():
    return _load(DATA / "segments.json")


@pytest.fixture(scope="module")
def clause_files():
    files = sorted((DATA / "clauses").glob("*.json"))
    return {path.stem: _load(path) for path in files}


@pytest.fixture(scope="module")
def clauses(clause_files):
    return [clause for items in clause_files.values() for clause in items]


@pytest.fixture(scope="module")
def cpv_codes():
    with CPV_TABLE.open(encoding="utf-8") as handle:
        return [row["code"].split("-")[0] for row in csv.DictReader(handle)]


def test_segments_have_the_expected_shape(segments):
    assert isinstance(segments, list)
    for segment in segments:
        assert set(segment) == SEGMENT_KEYS, segment.get("code")
        assert CODE_RE.match(segment["code"]), segment["code"]
        assert segment["label"].strip()
        assert segment["nature"] in NATURES, segment["code"]
        assert 0 < segment["labour_share"] < 1, segment["code"]
        assert len(segment["description"]) >= 40, segment["code"]
        assert segment["cpv_prefixes"], segment["code"]


def test_segment_codes_are_unique_and_numerous(segments):
    codes = [segment["code"] for segment in segments]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 28


def test_every_cpv_prefix_exists_in_the_shipped_cpv_table(segments, cpv_codes):
    unknown = []
    for segment in segments:
        for prefix in segment["cpv_prefixes"]:
            well_formed = prefix.isdigit() and 2 <= len(prefix) <= 8
            if not well_formed or not any(code.startswith(prefix) for code in cpv_codes):
                unknown.append((segment["code"], prefix))
    assert unknown == []


def test_one_clause_file_per_segment_plus_transversal(segments, clause_files):
    codes = {segment["code"] for segment in segments}
    assert set(clause_files) - {"transversal"} <= codes
    assert "transversal" in clause_files
    assert codes <= set(clause_files), sorted(codes - set(clause_files))


def test_clauses_have_the_expected_shape(clause_files, segments):
    codes = {segment["code"] for segment in segments}
    for file_code, items in clause_files.items():
        assert isinstance(items, list) and items, file_code
        for clause in items:
            slug = clause.get("slug")
            assert CLAUSE_KEYS <= set(clause) <= CLAUSE_KEYS | OPTIONAL_CLAUSE_KEYS, slug
            versions = clause.get("legal_basis_versions", {})
            # A version is given only for a text the clause cites, and says when it applies.
            assert set(versions) <= set(clause["legal_basis"]), slug
            assert all(isinstance(when, str) and when.strip() for when in versions.values()), slug
            assert SLUG_RE.match(slug), slug
            assert clause["title"].strip(), slug
            assert clause["kind"] in KINDS, slug
            assert clause["difficulty"] in DIFFICULTIES, slug
            assert clause["themes"] and set(clause["themes"]) <= THEMES, slug
            assert clause["legal_basis"] and all(
                isinstance(ref, str) and ref.strip() for ref in clause["legal_basis"]
            ), slug
            assert clause["verification"].strip(), slug
            assert clause["vigilance"].strip(), slug
            min_amount = clause["min_amount"]
            assert min_amount is None or (isinstance(min_amount, int | float) and min_amount > 0)
            assert set(clause["segments"]) <= codes, slug
            if file_code == "transversal":
                assert clause["segments"] == [], slug
            else:
                assert file_code in clause["segments"], slug


def test_clause_texts_are_complete_paragraphs(clauses):
    out_of_range = [
        (clause["slug"], len(clause["text"].split()))
        for clause in clauses
        if not MIN_WORDS <= len(clause["text"].split()) <= MAX_WORDS
    ]
    assert out_of_range == []
    assert all(clause["text"].rstrip().endswith((".", "»", ")")) for clause in clauses)


def test_slugs_are_unique_across_files(clauses):
    duplicates = [slug for slug, n in Counter(c["slug"] for c in clauses).items() if n > 1]
    assert duplicates == []


def test_no_two_clauses_share_the_same_text(clauses):
    texts = Counter(" ".join(clause["text"].lower().split()) for clause in clauses)
    assert [text[:60] for text, n in texts.items() if n > 1] == []


def test_award_criteria_carry_weighting_advice(clauses):
    missing = [
        c["slug"]
        for c in clauses
        if c["kind"] == "award_criterion" and len(c["weighting_advice"].strip()) < 10
    ]
    assert missing == []


def test_library_is_large_enough(clauses):
    assert len(clauses) >= 160


def test_each_segment_has_an_award_criterion_and_an_execution_condition(segments, clauses):
    kinds_by_segment = {segment["code"]: set() for segment in segments}
    for clause in clauses:
        for code in clause["segments"]:
            kinds_by_segment[code].add(clause["kind"])
    lacking = [
        code
        for code, kinds in kinds_by_segment.items()
        if not {"award_criterion", "execution_condition"} <= kinds
    ]
    assert lacking == []


def test_labels_are_referred_to_with_their_equivalents(clauses):
    # R2111-16: a required label must accept equivalent labels.
    bad = [
        c["slug"]
        for c in clauses
        if "label" in c["verification"].lower() and "équivalent" not in c["verification"].lower()
    ]
    assert bad == []
