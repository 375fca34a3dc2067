"""Load the shipped reference files into the application database, idempotently."""

import csv
from dataclasses import dataclass

from django.db import transaction

from . import files
from .models import Commune, CpvCode, Departement, Epci, LegalForm, Region


@dataclass
class LoadResult:
    name: str
    rows: int


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _upsert(model, objects, unique_field, update_fields):
    model.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=[unique_field],
        update_fields=update_fields,
    )
    return len(objects)


def load_regions():
    objects = [
        Region(code=r["code"], name=r["nom"], zone=r["zone"])
        for r in _rows(files.REGIONS)
        if r["zone"] in files.KEPT_ZONES
    ]
    return _upsert(Region, objects, "code", ["name", "zone"])


def load_departements():
    objects = [
        Departement(code=r["code"], name=r["nom"], region_id=r["region"], zone=r["zone"])
        for r in _rows(files.DEPARTEMENTS)
        if r["zone"] in files.KEPT_ZONES
    ]
    return _upsert(Departement, objects, "code", ["name", "region", "zone"])


def load_communes():
    departements = set(Departement.objects.values_list("code", flat=True))
    objects = [
        Commune(
            code=r["code"],
            name=r["nom"],
            departement_id=r["departement"],
            siren=r["siren"],
            postcodes=r["codes_postaux"],
            population=int(r["population"]) if r["population"] else None,
        )
        for r in _rows(files.COMMUNES)
        if r["type"] == "commune-actuelle" and r["departement"] in departements
    ]
    return _upsert(
        Commune, objects, "code", ["name", "departement", "siren", "postcodes", "population"]
    )


def load_epci():
    objects = [
        Epci(
            siren=r["siren"],
            name=r["nom"],
            kind=r["type"],
            population=int(r["population_totale"]) if r["population_totale"] else None,
        )
        for r in _rows(files.EPCI)
    ]
    return _upsert(Epci, objects, "siren", ["name", "kind", "population"])


def load_cpv():
    objects = []
    for r in _rows(files.CPV_2008):
        code, check = r["code"].split("-")
        objects.append(
            CpvCode(code=code, check_digit=check, label=r["label_fr"], label_en=r["label_en"])
        )
    return _upsert(CpvCode, objects, "code", ["check_digit", "label", "label_en"])


def load_legal_forms():
    objects = [
        LegalForm(code=r["code"], level=level, label=r["libelle"])
        for level, path in enumerate(files.LEGAL_FORMS, start=1)
        for r in _rows(path)
    ]
    return _upsert(LegalForm, objects, "code", ["level", "label"])


LOADERS = [
    ("régions", load_regions),
    ("départements", load_departements),
    ("communes", load_communes),
    ("EPCI", load_epci),
    ("codes CPV", load_cpv),
    ("catégories juridiques", load_legal_forms),
]


@transaction.atomic
def load_all():
    return [LoadResult(name, loader()) for name, loader in LOADERS]
