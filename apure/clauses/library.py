"""Load the clause library shipped in data/ (segments.json, clauses/*.json) into the database.

Policy, so that a reload never destroys the facilitators' work:
- records are matched by their natural key (segment `code`, clause `slug`);
- a new clause is created **published**: the shipped library is written and reviewed by the
  apure team before it is committed;
- a clause nobody edited since it was loaded is updated when its record changed (a checksum of
  the record tells), and a revision "Mise à jour depuis la bibliothèque" is kept;
- a clause edited by a person (admin) is **never overwritten**; the report counts those whose
  shipped record changed since, so that a facilitator can merge by hand;
- clauses removed from the files are not deleted (they may be in use): the report lists them;
- the whole load is validated first and written in one transaction: a file with an error
  changes nothing and the error names the file, the record and the field.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Clause, Difficulty, Kind, Nature, Segment, Status
from .themes import THEMES, ensure_themes

DATA_DIR = Path(__file__).parent / "data"
# `segments` may be empty: a transversal clause serves every segment.
CLAUSE_FIELDS = ("slug", "title", "kind", "text", "legal_basis", "themes", "difficulty")


class LibraryError(ValueError):
    """A shipped library file is invalid; the message is French and names the record."""


@dataclass
class LoadReport:
    segments: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: list[str] = field(default_factory=list)
    missing_from_files: list[str] = field(default_factory=list)
    files: int = 0

    def as_dict(self):
        return {
            "segments": self.segments,
            "clauses_creees": self.created,
            "clauses_mises_a_jour": self.updated,
            "clauses_inchangees": self.unchanged,
            "clauses_modifiees_localement_non_ecrasees": self.kept_local,
            "clauses_absentes_des_fichiers": self.missing_from_files,
            "fichiers": self.files,
        }

    def summary(self) -> str:
        text = (
            f"Bibliothèque chargée\u00a0: {self.segments} segments, {self.created} clauses créées, "
            f"{self.updated} mises à jour, {self.unchanged} inchangées"
        )
        if self.kept_local:
            text += f", {len(self.kept_local)} modifiées par l'animation et conservées"
        return text + "."


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LibraryError(f"{path.name}\u00a0: fichier illisible ({error}).") from error


def _fail(path, index, record, name, message):
    key = record.get("slug") or record.get("code") or "?"
    raise LibraryError(f"{path.name}, enregistrement {index + 1} ({key}), champ « {name} »\u00a0: "
                       f"{message}")  # fmt: skip


def _check_segment(path, index, record):
    if not isinstance(record, dict):
        raise LibraryError(f"{path.name}, enregistrement {index + 1}\u00a0: objet JSON attendu.")
    for name in ("code", "label", "nature", "cpv_prefixes", "labour_share"):
        if record.get(name) in (None, ""):
            _fail(path, index, record, name, "valeur manquante.")
    if record["nature"] not in Nature.values:
        _fail(path, index, record, "nature", f"« {record['nature']} » n'est pas une nature connue.")
    prefixes = record["cpv_prefixes"]
    if not isinstance(prefixes, list) or not all(
        isinstance(p, str) and p.isdigit() and 2 <= len(p) <= 8 for p in prefixes
    ):
        _fail(path, index, record, "cpv_prefixes", "liste de préfixes de 2 à 8 chiffres attendue.")
    share = record["labour_share"]
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        _fail(path, index, record, "labour_share", "nombre entre 0 et 1 attendu.")


def _check_clause(path, index, record, segment_codes):
    if not isinstance(record, dict):
        raise LibraryError(f"{path.name}, enregistrement {index + 1}\u00a0: objet JSON attendu.")
    for name in CLAUSE_FIELDS:
        if record.get(name) in (None, "", []):
            _fail(path, index, record, name, "valeur manquante.")
    if record["kind"] not in Kind.values:
        _fail(path, index, record, "kind", f"« {record['kind']} » n'est pas un type connu.")
    if record["difficulty"] not in Difficulty.values:
        _fail(path, index, record, "difficulty", f"« {record['difficulty']} » est inconnue.")
    for name in ("legal_basis", "segments", "themes"):
        if not isinstance(record.get(name), list) or not all(
            isinstance(v, str) for v in record[name]
        ):
            _fail(path, index, record, name, "liste de textes attendue.")
    unknown = sorted(set(record["segments"]) - segment_codes)
    if unknown:
        _fail(path, index, record, "segments", f"segment inconnu\u00a0: {', '.join(unknown)}.")
    unknown = sorted(set(record["themes"]) - set(THEMES))
    if unknown:
        _fail(path, index, record, "themes", f"thème inconnu\u00a0: {', '.join(unknown)}.")
    amount = record.get("min_amount")
    if amount is not None and (not isinstance(amount, int | float) or amount < 0):
        _fail(path, index, record, "min_amount", "montant positif ou null attendu.")
    versions = record.get("legal_basis_versions", {})
    if not isinstance(versions, dict) or not set(versions) <= set(record["legal_basis"]):
        _fail(path, index, record, "legal_basis_versions",
              "objet dont chaque clé est une référence de legal_basis attendu.")  # fmt: skip


def read_library(directory: Path = DATA_DIR):
    """Validated (segments, clauses, number of files) of a library directory."""
    directory = Path(directory)
    segments_path = directory / "segments.json"
    if not segments_path.exists():
        raise LibraryError(f"{segments_path}\u00a0: fichier des segments introuvable.")
    segments = _read(segments_path)
    if not isinstance(segments, list):
        raise LibraryError("segments.json\u00a0: une liste de segments est attendue.")
    for index, record in enumerate(segments):
        _check_segment(segments_path, index, record)
    codes = {record["code"] for record in segments} | set(
        Segment.objects.values_list("code", flat=True)
    )
    clauses, seen = [], {}
    paths = sorted((directory / "clauses").glob("*.json"))
    for path in paths:
        records = _read(path)
        if not isinstance(records, list):
            raise LibraryError(f"{path.name}\u00a0: une liste de clauses est attendue.")
        for index, record in enumerate(records):
            _check_clause(path, index, record, codes)
            if record["slug"] in seen:
                _fail(path, index, record, "slug", f"déjà utilisé dans {seen[record['slug']]}.")
            seen[record["slug"]] = path.name
            clauses.append(record)
    return segments, clauses, len(paths) + 1


def checksum(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _apply(clause: Clause, record: dict):
    clause.title = record["title"]
    clause.kind = record["kind"]
    clause.text = record["text"]
    clause.weighting_advice = record.get("weighting_advice") or ""
    clause.verification = record.get("verification") or ""
    clause.legal_basis = "\n".join(record["legal_basis"])
    clause.legal_basis_versions = record.get("legal_basis_versions", {})
    clause.difficulty = record["difficulty"]
    clause.vigilance = record.get("vigilance") or ""
    amount = record.get("min_amount")
    clause.min_amount = Decimal(str(amount)) if amount is not None else None
    clause.library_checksum = checksum(record)


@transaction.atomic
def load_library(directory: Path = DATA_DIR, progress=None) -> LoadReport:
    segments, clauses, files = read_library(directory)
    report = LoadReport(files=files)
    ensure_themes()
    for record in segments:
        Segment.objects.update_or_create(
            code=record["code"],
            defaults={
                "label": record["label"],
                "nature": record["nature"],
                "cpv_prefixes": record["cpv_prefixes"],
                "labour_share": Decimal(str(record["labour_share"])),
                "description": record.get("description") or "",
            },
        )
        report.segments += 1
    existing = {clause.slug: clause for clause in Clause.objects.all()}
    for record in progress(clauses) if progress else clauses:
        clause = existing.get(record["slug"])
        if clause is None:
            clause = Clause(slug=record["slug"], status=Status.PUBLISHED)
            _apply(clause, record)
            clause.published_at = clause.published_at or _now()
            clause.save()
            _set_relations(clause, record)
            clause.record_revision(None, "Chargée depuis la bibliothèque")
            report.created += 1
        elif clause.library_checksum == checksum(record):
            report.unchanged += 1
        elif clause.edited_locally:
            report.kept_local.append(clause.slug)
        else:
            _apply(clause, record)
            clause.save()
            _set_relations(clause, record)
            clause.record_revision(None, "Mise à jour depuis la bibliothèque")
            report.updated += 1
    shipped = {record["slug"] for record in clauses}
    report.missing_from_files = sorted(
        slug for slug, clause in existing.items() if slug not in shipped and clause.library_checksum
    )
    _reindex()
    return report


def _set_relations(clause, record):
    clause.segments.set(record["segments"])
    clause.themes.set(record["themes"])


def _now():
    from django.utils import timezone

    return timezone.now()


def _reindex():
    from apure import search

    search.reindex(Clause)
