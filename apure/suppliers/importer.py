"""`apure ess_import`: read suppliers from a data·inclusion « structure » file (JSON, JSON
lines or CSV, schema in data/data-inclusion/structure.json) or a plain CSV, and merge them
into the directory by SIRET.

Nothing is lost: a refused row changes nothing and is reported with its row, field and reason;
an empty cell never erases what the directory knows; kinds are added, never removed; a row
whose source is older than the record is refused. The whole file is written in one
transaction, so a file that cannot be read changes nothing either."""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from apure.reference.identifiers import clean_digits, is_valid_siret

from . import kinds as kind_codes
from .activities import normalise_naf
from .models import Supplier, today

# Our field ← the column names accepted for it (data·inclusion names first).
COLUMNS = {
    "siret": ("siret",),
    "name": ("nom", "name", "raison_sociale", "denomination"),
    "kinds": ("reseaux_porteurs", "types", "type", "kinds", "kind"),
    "address": ("adresse", "address"),
    "post_code": ("code_postal", "post_code"),
    "commune_name": ("commune", "ville", "city"),
    "commune_code": ("code_insee", "commune_code"),
    "activities": ("activites", "activities", "secteurs"),
    "naf": ("code_naf", "naf", "code_ape", "ape"),
    "territory": ("territoire", "territory", "zone_intervention"),
    "website": ("site_web", "website"),
    "source": ("source",),
    "source_date": ("date_maj", "date_source", "source_date"),
}
# data·inclusion « réseaux porteurs » that are suppliers of ours (the rest are not).
NETWORK_KINDS = {
    "aci": "ACI", "ai": "AI", "ei": "EI", "etti": "ETTI", "eiti": "EITI",
    "geiq": "GEIQ", "esat": "ESAT", "ea": "EA", "eatt": "EA",
}  # fmt: skip
FIELD_LABELS = {
    "siret": "SIRET", "name": "nom", "kinds": "types", "address": "adresse",
    "post_code": "code postal", "commune_name": "commune", "commune_code": "code INSEE",
    "activities": "activités", "territory": "territoire", "website": "site internet",
    "source": "source", "source_date": "date de la source", "file": "fichier",
    "naf": "code NAF",
}  # fmt: skip
DESCRIBED = ("name", "address", "post_code", "commune_name", "commune_code", "activities",
             "naf", "territory", "website")  # fmt: skip


class ImportFileError(Exception):
    """The file cannot be read at all (French message)."""


class Refused(Exception):
    def __init__(self, field, reason):
        super().__init__(reason)
        self.field, self.reason = field, reason


@dataclass
class Report:
    file: str
    created: list = field(default_factory=list)  # (row, siret, name)
    updated: list = field(default_factory=list)  # (row, siret, [(field, before, after)])
    unchanged: int = 0
    refused: list = field(default_factory=list)  # (row, field, reason)

    def lines(self) -> list[str]:
        lines = [
            f"Fichier {self.file}\u00a0: {len(self.created)} fiche(s) créée(s), "
            f"{len(self.updated)} mise(s) à jour, {self.unchanged} inchangée(s), "
            f"{len(self.refused)} ligne(s) refusée(s)."
        ]
        for row, siret, name in self.created:
            lines.append(f"  ligne {row}\u00a0: créée — {name} ({siret})")
        for row, siret, changes in self.updated:
            detail = ", ".join(
                f"{FIELD_LABELS[name]} « {before} » → « {after} »"
                for name, before, after in changes
            )
            lines.append(f"  ligne {row}\u00a0: {siret} modifiée — {detail}")
        for row, name, reason in self.refused:
            lines.append(
                f"  ligne {row}\u00a0: refusée — {FIELD_LABELS.get(name, name)}\u00a0: {reason}"
            )
        return lines

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "created": [{"row": r, "siret": s, "name": n} for r, s, n in self.created],
            "updated": [
                {"row": r, "siret": s, "changes": [list(c) for c in changes]}
                for r, s, changes in self.updated
            ],
            "unchanged": self.unchanged,
            "refused": [{"row": r, "field": f, "reason": why} for r, f, why in self.refused],
        }


# Reading -------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("encodage illisible (UTF-8 ou Windows-1252 attendu)")


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number as a person counts it, raw row) for every row of the file."""
    try:
        text = _decode(Path(path).read_bytes())
    except OSError as error:
        raise ImportFileError(f"fichier illisible ({error.strerror})") from error
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return _json_rows(stripped)
    return _csv_rows(text)


def _json_rows(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:  # JSON lines
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as error:
            raise ImportFileError(f"JSON invalide (ligne {error.lineno})") from error
    if isinstance(data, dict):
        data = data.get("structures", data.get("items", [data]))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFileError("JSON inattendu\u00a0: une liste de structures est attendue")
    return list(enumerate(data, start=1))


def _csv_rows(text):
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "siret" not in header:
        raise ImportFileError("colonne « siret » introuvable sur la première ligne")
    reader.fieldnames = header
    try:
        return [(number, row) for number, row in enumerate(reader, start=2)]
    except csv.Error as error:
        raise ImportFileError(f"CSV invalide ({error})") from error


# Checking one row ------------------------------------------------------------------------


def _value(raw: dict, name: str):
    for column in COLUMNS[name]:
        value = raw.get(column)
        if value not in (None, "", []):
            return value
    return None


def _text(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _kinds(value) -> set[str]:
    tokens = value if isinstance(value, list) else re.split(r"[|,;]", str(value or ""))
    found = set()
    for token in (str(t).strip() for t in tokens):
        code = NETWORK_KINDS.get(token.lower(), token.upper())
        if code in kind_codes.Kind.values:
            found.add(code)
    return found


def _date(value) -> date:
    text = _text(value)[:10]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise Refused("source_date", f"date illisible « {value} » (AAAA-MM-JJ ou JJ/MM/AAAA)")


def clean(raw: dict, default_source: str) -> dict:
    """The supplier fields a row gives (only those it gives), or Refused."""
    siret = clean_digits(_value(raw, "siret"), 14)
    if not is_valid_siret(siret):
        raise Refused("siret", f"SIRET invalide « {_value(raw, 'siret') or ''} »")
    values = {"siret": siret}
    for name in DESCRIBED:
        text = _text(_value(raw, name))
        if text:
            values[name] = text
    if "name" in values and not 3 <= len(values["name"]) <= 200:
        raise Refused("name", "le nom doit compter de 3 à 200 caractères")
    if "post_code" in values and not re.fullmatch(r"\d{5}", values["post_code"]):
        raise Refused("post_code", f"code postal invalide « {values['post_code']} »")
    if "commune_code" in values and not re.fullmatch(r"[0-9AB]{5}", values["commune_code"]):
        raise Refused("commune_code", f"code INSEE invalide « {values['commune_code']} »")
    if "naf" in values:
        # The search by segment reads this code (apure.suppliers.activities).
        values["naf"] = normalise_naf(values["naf"])
        if not re.fullmatch(r"\d{4}[A-Z]", values["naf"]):
            raise Refused("naf", f"code NAF invalide « {_value(raw, 'naf')} » (ex. 81.30Z)")
    if "website" in values:
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError:
            raise Refused("website", f"adresse internet invalide « {values['website']} »") from None
    raw_kinds = _value(raw, "kinds")
    if raw_kinds is not None:
        values["kinds"] = _kinds(raw_kinds)
        if not values["kinds"]:
            raise Refused("kinds", f"aucun type de fournisseur inclusif reconnu « {raw_kinds} »")
    raw_date = _value(raw, "source_date")
    values["source_date"] = _date(raw_date) if raw_date else today()
    if values["source_date"] > today():
        raise Refused("source_date", "date de la source dans le futur")
    values["source"] = _text(_value(raw, "source")) or default_source
    return values


# Merging ---------------------------------------------------------------------------------


def _apply(supplier: Supplier, values: dict) -> list[tuple[str, str, str]]:
    """Write the given values on a record; return what changed (field, before, after)."""
    changes = []
    if "kinds" in values:
        merged = kind_codes.pack({*supplier.kind_list, *values["kinds"]})
        if merged != supplier.kinds:
            changes.append(("kinds", supplier.kinds.strip(","), merged.strip(",")))
            supplier.kinds = merged
    for name in (*DESCRIBED, "source", "source_date"):
        if name in values and values[name] != getattr(supplier, name):
            changes.append((name, str(getattr(supplier, name) or ""), str(values[name])))
            setattr(supplier, name, values[name])
    return changes


def merge(path, user=None, dry_run=False) -> Report:
    """Read a file and merge it into the directory (nothing written when `dry_run`)."""
    path = Path(path)
    rows = read_rows(path)
    report = Report(file=path.name)
    default_source = f"Import du fichier {path.name}"
    records = Supplier.objects.in_bulk(
        [clean_digits(_value(raw, "siret"), 14) for _, raw in rows if _value(raw, "siret")],
        field_name="siret",
    )
    created, updated = {}, {}
    for number, raw in rows:
        try:
            values = clean(raw, default_source)
        except Refused as refusal:
            report.refused.append((number, refusal.field, refusal.reason))
            continue
        siret = values["siret"]
        supplier = records.get(siret)
        if supplier is None:
            missing = [name for name in ("name", "kinds") if name not in values]
            if missing:
                report.refused.append(
                    (number, missing[0], "obligatoire pour une structure absente de l'annuaire")
                )
                continue
            supplier = records[siret] = Supplier(siret=siret, kinds="", updated_by=user)
            _apply(supplier, values)
            created[siret] = supplier
            report.created.append((number, siret, supplier.name))
            continue
        if values["source_date"] < supplier.source_date:
            report.refused.append(
                (number, "source_date",
                 f"source du {values['source_date']:%d/%m/%Y} plus ancienne que la fiche "
                 f"({supplier.source_date:%d/%m/%Y})")
            )  # fmt: skip
            continue
        changes = _apply(supplier, values)
        if not changes:
            report.unchanged += 1
        elif siret in created:
            pass  # a second row of a structure created by this file: merged into it
        else:
            supplier.updated_by = user
            updated[siret] = supplier
            report.updated.append((number, siret, changes))
    if not dry_run:
        _save(created.values(), updated.values())
    return report


def _save(created, updated):
    now = timezone.now()
    for supplier in (*created, *updated):
        supplier.prepare()
        supplier.updated_at = now  # bulk_update does not apply auto_now
    fields = ["kinds", *DESCRIBED, "source", "source_date", "siren", "departement",
              "search_document", "updated_by", "updated_at"]  # fmt: skip
    with transaction.atomic():
        Supplier.objects.bulk_create(list(created), batch_size=500)
        Supplier.objects.bulk_update(list(updated), fields, batch_size=500)
