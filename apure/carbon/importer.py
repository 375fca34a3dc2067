"""Import of the monetary ratios from the official Base Carbone / Base Empreinte export.

The export (data.ademe.fr, dataset « base-carboner ») is a CSV of 67 columns separated by
semicolons, in Windows-1252 (UTF-8 accepted), with decimal commas. Only these columns are read:

- « Type Ligne » (only « Elément » rows; « Poste » rows detail an element and are skipped);
- « Identifiant de l'élément », « Nom base français »;
- « Statut de l'élément » (« Valide générique » or « Valide spécifique », else refused);
- « Unité français »: a monetary ratio reads `kgCO2e/keuro (AAAA) HT`, which gives its euro
  year; the other units (kWh, kg, km…) are not monetary ratios and are skipped;
- « Total poste non décomposé »: the value, kgCO2e per k€ HT;
- « Commentaire français »: the NAF code (`NAF-C17 - …`, `NAF-C10-C12 - …`) that names the
  sector; when absent, the name without its « - AAAA » suffix is compared with the shipped names;
- « Incertitude » (percent, optional: 80 % when empty).

An accepted row replaces the ratio of the same sector and euro year; the others stay.
"""

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import reference

LINE_TYPE = "Type Ligne"
ELEMENT_ID = "Identifiant de l'élément"
STATUS = "Statut de l'élément"
NAME = "Nom base français"
UNIT = "Unité français"
VALUE = "Total poste non décomposé"
COMMENT = "Commentaire français"
UNCERTAINTY = "Incertitude"
REQUIRED = (LINE_TYPE, ELEMENT_ID, STATUS, NAME, UNIT, VALUE, COMMENT)
VALID_STATUSES = {"Valide générique", "Valide spécifique"}
MONETARY_UNIT = re.compile(r"^kgCO2e/keuro \((\d{4})\) HT$", re.IGNORECASE)
NAF_CODE = re.compile(r"NAF[- ]?([A-U])(\d{2})", re.IGNORECASE)
YEAR_SUFFIX = re.compile(r"\s*[-–]\s*\d{4}.*$")
MAX_BYTES = 64 * 1024 * 1024  # the full export is about 11 MB
MAX_RATIO = 100_000  # kgCO2e per k€: 100 kg per euro, far above any published ratio


class UnreadableFile(Exception):
    """The file cannot be read at all (French message)."""


@dataclass
class Change:
    sector: str
    label: str
    euro_year: int
    old: float | None
    new: float
    element_id: str
    # True when the sector had no ratio in any euro year before (« facteur inconnu »).
    sector_was_unknown: bool = False

    def describe(self) -> str:
        new = _fr(self.new)
        if self.old is not None:
            before = f"{_fr(self.old)} kgCO2e/k€ HT"
        elif self.sector_was_unknown:
            before = reference.UNKNOWN_FACTOR
        else:
            before = f"pas de ratio en euros {self.euro_year}"
        return (
            f"{self.sector} {self.label}, euros {self.euro_year}\u00a0: {before} → {new} kgCO2e/k€ "
            f"HT (élément {self.element_id})"
        )


@dataclass
class Refusal:
    line: int
    field: str
    value: str
    reason: str

    def describe(self) -> str:
        return (
            f"ligne {self.line}, champ « {self.field} » ({self.value or 'vide'})\u00a0: "
            f"{self.reason}"
        )


@dataclass
class Report:
    file_name: str
    sha256: str
    rows: int = 0
    elements: int = 0
    monetary: int = 0
    replaced: list = field(default_factory=list)
    added: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        out = [
            f"Fichier {self.file_name}\u00a0: {self.rows} lignes lues, {self.elements} éléments, "
            f"{self.monetary} ratios monétaires.",
            f"Remplacés\u00a0: {len(self.replaced)}\u00a0; ajoutés\u00a0: {len(self.added)}\u00a0; "
            f"inchangés\u00a0: {len(self.unchanged)}\u00a0; refusés\u00a0: {len(self.refused)}.",
        ]
        for title, items in (("Remplacé", self.replaced), ("Ajouté", self.added),
                             ("Refusé", self.refused)):  # fmt: skip
            out += [f"{title}\u00a0: {item.describe()}" for item in items]
        out.append("Ratios enregistrés." if self.written else "Aucune modification enregistrée.")
        return out

    def as_json(self) -> dict:
        return {
            "file": self.file_name,
            "sha256": self.sha256,
            "rows": self.rows,
            "elements": self.elements,
            "monetary_ratios": self.monetary,
            "replaced": [vars(item) for item in self.replaced],
            "added": [vars(item) for item in self.added],
            "unchanged": [vars(item) for item in self.unchanged],
            "refused": [vars(item) for item in self.refused],
            "written": self.written,
        }


def _fr(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _number(text: str) -> float | None:
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sector_index():
    """NAF division → sector (« C10-C12 » covers C10, C11, C12) and shipped names → sector."""
    divisions, names = {}, {}
    for ratio in reference.shipped_ratios():
        for part in ratio.sector.split("_"):
            divisions[part] = ratio.sector
        first, _, last = ratio.sector.partition("_")
        if last and first[0] == last[0]:
            for number in range(int(first[1:]), int(last[1:]) + 1):
                divisions[f"{first[0]}{number:02d}"] = ratio.sector
        for name in ratio.ademe_name.split("·"):
            clean = YEAR_SUFFIX.sub("", name.split("(")[0]).strip().lower()
            if clean:
                names[clean] = ratio.sector
    return divisions, names


def _sector(row, divisions, names):
    match = NAF_CODE.search(row.get(COMMENT) or "")
    if match:
        return divisions.get(f"{match.group(1).upper()}{match.group(2)}")
    name = YEAR_SUFFIX.sub("", row.get(NAME) or "").strip().lower()
    return names.get(name)


def read(path, dry_run=False) -> Report:
    """Read the export at `path`, replace the matching ratios (unless `dry_run`), report."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableFile(f"Fichier illisible\u00a0: {path} ({error.strerror}).") from error
    if size > MAX_BYTES:
        raise UnreadableFile(
            f"Fichier trop gros ({size} octets) pour un export de la Base Carbone."
        )
    data = path.read_bytes()
    report = Report(file_name=path.name, sha256=hashlib.sha256(data).hexdigest())
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""), delimiter=";")
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise UnreadableFile(
            "Ce fichier n'a pas les colonnes de l'export Base Carbone (séparateur «\u00a0; "
            f"»)\u00a0: il manque {', '.join(f'« {name} »' for name in missing)}."
        )
    reader.fieldnames = header
    divisions, names = _sector_index()
    in_force = {(r.sector, r.euro_year): r for r in reference.ratios() if r.known}
    accepted: dict[tuple, reference.Ratio] = {}
    for row in reader:
        report.rows += 1
        line = reader.line_num
        if (row.get(LINE_TYPE) or "").strip() != "Elément":
            continue
        report.elements += 1
        unit = MONETARY_UNIT.match((row.get(UNIT) or "").strip())
        if not unit:
            continue
        report.monetary += 1
        ratio = _ratio(row, line, int(unit.group(1)), divisions, names, report)
        if ratio is None:
            continue
        key = (ratio.sector, ratio.euro_year)
        if key in accepted:
            report.refused.append(Refusal(line, COMMENT, row.get(COMMENT, "").strip(),
                                          f"secteur {ratio.sector} déjà lu pour les euros "
                                          f"{ratio.euro_year} (doublon)"))  # fmt: skip
            continue
        accepted[key] = ratio
        old = in_force.get(key)
        change = Change(ratio.sector, ratio.label, ratio.euro_year,
                        old.kg_per_keur if old else None, ratio.kg_per_keur,
                        ratio.base_carbone_id,
                        not any(key[0] == ratio.sector for key in in_force))  # fmt: skip
        if old is None:
            report.added.append(change)
        elif old.kg_per_keur == ratio.kg_per_keur:
            report.unchanged.append(change)
        else:
            report.replaced.append(change)
    if accepted and not dry_run:
        kept = {(r.sector, r.euro_year): r for r in reference.imported_ratios()}
        kept.update(accepted)
        reference.write_imported(
            sorted(kept.values(), key=lambda r: (r.sector, r.euro_year)),
            {"file": report.file_name, "sha256": report.sha256,
             "imported_at": datetime.now(UTC).isoformat(timespec="seconds")},
        )  # fmt: skip
        report.written = True
    return report


def _ratio(row, line, euro_year, divisions, names, report):
    def refuse(column, reason):
        report.refused.append(Refusal(line, column, (row.get(column) or "").strip(), reason))

    status = (row.get(STATUS) or "").strip()
    if status not in VALID_STATUSES:
        return refuse(STATUS, "élément non valide (seuls « Valide générique » et « Valide "
                              "spécifique » sont repris)")  # fmt: skip
    value = _number(row.get(VALUE))
    if value is None or value <= 0 or value > MAX_RATIO:
        return refuse(VALUE, "valeur absente, non numérique ou invraisemblable (un ratio "
                             "inconnu reste « facteur inconnu », jamais 0)")  # fmt: skip
    sector = _sector(row, divisions, names)
    if sector is None:
        return refuse(COMMENT, "secteur NAF non reconnu (ni code « NAF-… » dans le "
                               "commentaire, ni nom connu)")  # fmt: skip
    uncertainty = _number(row.get(UNCERTAINTY) or "")
    if uncertainty is None or not 0 <= uncertainty <= 100:
        uncertainty = reference.DEFAULT_UNCERTAINTY_PCT
    return reference.Ratio(
        sector=sector,
        label=reference.sector_labels()[sector],
        kg_per_keur=value,
        euro_year=euro_year,
        status="I",
        uncertainty_pct=uncertainty,
        source_id=f"base-carbone:{report.sha256[:12]}",
        base_carbone_id=(row.get(ELEMENT_ID) or "").strip(),
        ademe_name=(row.get(NAME) or "").strip(),
    )
