import json
from pathlib import Path

import pytest

from apure.clauses.library import load_library
from apure.reference.models import CpvCode

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "library"

# A handful of CPV codes, enough for the recommender (the full list takes seconds to load).
CPV_CODES = {
    "45000000": "Travaux de construction",
    "45453000": "Travaux de remise à neuf et de réfection",
    "45453100": "Travaux de rénovation",
    "45214200": "Travaux de construction de bâtiments scolaires",
    "39100000": "Mobilier",
    "39160000": "Mobilier scolaire",
    "39112000": "Chaises",
    "90910000": "Services de nettoyage",
    "90911200": "Services de nettoyage de bâtiments",
    "15863000": "Thé",
}


@pytest.fixture
def library(db):
    """The small fixture library (3 segments, 8 clauses), loaded and published."""
    return load_library(FIXTURE_LIBRARY)


@pytest.fixture
def cpv_codes(db):
    CpvCode.objects.bulk_create(
        [CpvCode(code=code, check_digit="0", label=label, label_en=label)
         for code, label in CPV_CODES.items()]
    )  # fmt: skip


@pytest.fixture
def shipped_segments(db):
    """The 35 segments the product ships (without their clauses, which take longer to load)."""
    from apure.clauses.library import DATA_DIR
    from apure.clauses.models import Segment

    records = json.loads((DATA_DIR / "segments.json").read_text(encoding="utf-8"))
    Segment.objects.bulk_create([Segment(**record) for record in records])
