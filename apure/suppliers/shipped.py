"""The lists shipped in data/ (see data/PROVENANCE.md), read into supplier records.

Each source is described once here: file, French label, date of the source. Loading creates
the records whose SIRET is not yet in the directory and leaves the others alone: a record a
facilitator has corrected, or a newer import, is never overwritten by an old list."""

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from apure.reference.identifiers import is_valid_siret

from .communes import CommuneIndex, departement_of_postcode
from .kinds import Kind, pack
from .models import Supplier

DATA_DIR = Path(__file__).resolve().parent / "data"
_DEPARTEMENT = re.compile(r"\d{2}|2[AB]|97\d")


@dataclass(frozen=True)
class Source:
    file: str
    label: str
    date: date


SIAE_2019 = Source(
    "siae_asp_2019-07_les-emplois.csv",
    "Liste des SIAE de l'Agence de services et de paiement (Plateforme de l'inclusion)",
    date(2019, 7, 1),
)
GEIQ_2024 = Source(
    "geiq_label_campaign2024_les-emplois-fixture.csv",
    "GEIQ labellisés, campagne 2024 (Plateforme de l'inclusion)",
    date(2025, 6, 1),
)
ESAT_FINESS = Source(
    "esat_liste_officielle_finess.csv",
    "Liste officielle des ESAT, extrait FINESS (GIP Plateforme de l'inclusion)",
    date(2026, 5, 20),
)


def _rows(source: Source):
    with open(DATA_DIR / source.file, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _siae(row):
    street = " ".join(part for part in (row["street_number"], row["street"]) if part)
    return {
        "siret": row["siret"],
        "name": row["name"],
        "kinds": {row["kind"]},
        "naf": row["naf"],
        "legal_form": row["legal_form"],
        "address": street,
        "post_code": row["post_code"],
        "commune_name": row["city"],
        "departement": row["department"],
        "activities": row["rome_labels"].replace("|", "\u00a0; "),
    }


def _geiq(row):
    return {
        "siret": row["siret"],
        "name": row["name"],
        "kinds": {Kind.GEIQ.value},
        "post_code": row["post_code"],
        "commune_name": row["city"],
        "departement": row["department"],
    }


def _esat(row):
    return {
        "siret": row["et_siret"],
        "name": row["et_name"],
        "kinds": {Kind.ESAT.value},
        "legal_form": row["ej_legal_status"],
        "address": row["et_address"],
        "post_code": row["et_post_code"],
        "commune_name": row["et_commune"],
        "commune_code": row["et_commune_insee"],
        "departement": row["et_department"],
    }


READERS = ((SIAE_2019, _siae), (GEIQ_2024, _geiq), (ESAT_FINESS, _esat))


def records() -> dict[str, dict]:
    """One record per valid SIRET over every shipped list; a SIRET listed several times gets
    the union of its kinds and activities, and the address of its most recent source."""
    merged: dict[str, dict] = {}
    for source, read in READERS:
        for row in _rows(source):
            record = read(row)
            if not is_valid_siret(record["siret"]):
                continue
            record.update(source=source.label, source_date=source.date)
            known = merged.get(record["siret"])
            if known is None:
                merged[record["siret"]] = record
                continue
            known["kinds"] |= record["kinds"]
            activities = [a for a in (known.get("activities"), record.get("activities")) if a]
            if source.date > known["source_date"]:
                known.update({k: v for k, v in record.items() if k not in {"kinds"}})
            known["activities"] = "\u00a0; ".join(dict.fromkeys(activities))
    return merged


def _place(record, communes: CommuneIndex):
    """Fill the commune code and a clean département code."""
    if not record.get("commune_code"):
        found = communes.find(record.get("post_code", ""), record.get("commune_name", ""))
        if found:
            record["commune_code"], record["departement"] = found
    if not _DEPARTEMENT.fullmatch(record.get("departement") or ""):
        record["departement"] = departement_of_postcode(record.get("post_code", ""))


def load_shipped() -> int:
    """Create the records not yet in the directory; return how many were created."""
    known = set(Supplier.objects.values_list("siret", flat=True))
    communes = CommuneIndex()
    new = []
    for siret, record in records().items():
        if siret in known:
            continue
        _place(record, communes)
        record["kinds"] = pack(record["kinds"])
        supplier = Supplier(**record)
        supplier.prepare()
        new.append(supplier)
    with transaction.atomic():
        Supplier.objects.bulk_create(new, batch_size=500)
    return len(new)
