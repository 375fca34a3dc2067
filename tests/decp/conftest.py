import json
from pathlib import Path

import pytest

from apure.decp import store

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = REPO / "apure" / "decp" / "samples"
# The project's own benchmark tools, also run by the tests: never imported by the product.
BENCH = REPO / "bench"


@pytest.fixture
def analytics(settings, tmp_path):
    """A private analytical store for one test."""
    settings.ANALYTICS_DB_PATH = tmp_path / "store" / "decp.duckdb"
    store.close()
    yield settings.ANALYTICS_DB_PATH
    store.close()


def query(sql, *params):
    cursor = store.cursor()
    try:
        return cursor.execute(sql, list(params)).fetchall()
    finally:
        cursor.close()


def marche(**fields):
    """A valid format-2022 marché; keyword arguments replace fields."""
    record = {
        "id": "2024-001",
        "acheteur": {"id": "21590163800019"},
        "nature": "Marché",
        "objet": "Entretien des espaces verts",
        "codeCPV": "77310000-6",
        "procedure": "Procédure adaptée",
        "lieuExecution": {"code": "59170", "typeCode": "Code postal"},
        "dureeMois": 12,
        "dateNotification": "2024-03-01",
        "datePublicationDonnees": "2024-03-15",
        "montant": 50000,
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": "81809944200019"}}],
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": ["Pas de considération environnementale"]
        },
    }
    record.update(fields)
    return record


def write_2022(path: Path, marches, concessions=()):
    doc = {"marches": {"marche": list(marches), "contrat-concession": list(concessions)}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
