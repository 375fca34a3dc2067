"""Reference data of the carbon estimate: monetary emission ratios and the CPV → sector mapping.

Both ship in `data/` (provenance in `data/PROVENANCE.md`). The ratios can be replaced, sector by
sector and euro year by euro year, by those of the official Base Carbone / Base Empreinte export
(`apure carbon_import`): the imported ratios are kept in one JSON file under MEDIA_ROOT (backed
up with the other uploaded files, shared by every web node) and win over the shipped ones.
A sector without a value has no factor (« facteur inconnu »): it is never counted as zero.
"""

import csv
import json
import os
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings

DATA = Path(__file__).resolve().parent / "data"
RATIOS_FILE = DATA / "ratios_monetaires.csv"
MAPPING_FILE = DATA / "cpv_secteurs.csv"
UNKNOWN_FACTOR = "facteur inconnu"
# ADEME-aligned tools give about 80 % for monetary ratios (docs/SOURCES.md, « Carbone »): the
# shipped rows say so; an imported row keeps the export's own « Incertitude » when it has one.
DEFAULT_UNCERTAINTY_PCT = 80
STATUS_LABELS = {
    "V": "vérifié (valeur et identifiant Base Carbone vus dans une source publique)",
    "S": "source secondaire (valeur citée par des outils tiers, à vérifier)",
    "U": "inconnu (absent des sources publiques consultées)",
    "I": "importé de l'export officiel Base Carbone",
}


@dataclass(frozen=True)
class Ratio:
    sector: str
    label: str
    kg_per_keur: float | None  # kgCO2e per k€ HT of `euro_year`; None = « facteur inconnu »
    euro_year: int | None
    status: str  # V, S, U (shipped) or I (imported)
    uncertainty_pct: float | None
    source_id: str
    base_carbone_id: str = ""
    ademe_name: str = ""

    @property
    def known(self) -> bool:
        return self.kg_per_keur is not None

    def as_dict(self) -> dict:
        return asdict(self)


def imported_path() -> Path:
    return Path(settings.MEDIA_ROOT) / "carbone" / "ratios_importes.json"


@cache
def shipped_ratios() -> tuple[Ratio, ...]:
    with RATIOS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Ratio(
                sector=row["sector"],
                label=row["label_fr"],
                kg_per_keur=float(row["kgco2e_per_keur_ht"]) if row["kgco2e_per_keur_ht"] else None,
                euro_year=int(row["euro_year"]) if row["euro_year"] else None,
                status=row["status"],
                uncertainty_pct=float(row["uncertainty_pct"]) if row["uncertainty_pct"] else None,
                source_id=row["source_id"],
                base_carbone_id=row["base_carbone_id"],
                ademe_name=row["ademe_name"],
            )
            for row in csv.DictReader(handle)
        )


def sector_labels() -> dict[str, str]:
    return {ratio.sector: ratio.label for ratio in shipped_ratios()}


@cache
def mapping() -> tuple[tuple[str, str], ...]:
    """(CPV prefix, sector) pairs, longest prefixes first (the longest matching one wins)."""
    with MAPPING_FILE.open(encoding="utf-8", newline="") as handle:
        pairs = [(row["cpv_prefix"], row["sector"]) for row in csv.DictReader(handle)]
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


def longest_prefix() -> int:
    return max(len(prefix) for prefix, _ in mapping())


def _file_version(path):
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


def imported_ratios() -> tuple[Ratio, ...]:
    """The ratios of the last `apure carbon_import` (none when nothing was imported)."""
    return _read_imported(_file_version(imported_path()))


@lru_cache(maxsize=4)
def _read_imported(version) -> tuple[Ratio, ...]:
    if version is None:
        return ()
    with open(version[0], encoding="utf-8") as handle:
        return tuple(Ratio(**item) for item in json.load(handle)["ratios"])


def write_imported(ratios, source) -> None:
    """Replace the imported ratios (atomic rename: readers see the old file or the new one)."""
    path = imported_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(
        json.dumps(
            {"source": source, "ratios": [r.as_dict() for r in ratios]},
            ensure_ascii=False,
            indent=1,
        ),  # fmt: skip
        encoding="utf-8",
    )
    temporary.replace(path)


def imported_source() -> dict | None:
    version = _file_version(imported_path())
    if version is None:
        return None
    with open(version[0], encoding="utf-8") as handle:
        return json.load(handle)["source"]


def ratios() -> tuple[Ratio, ...]:
    """The ratios in force: every shipped row, each replaced by an imported row of the same
    sector and euro year, plus imported rows of other euro years of a sector."""
    imported = {(r.sector, r.euro_year): r for r in imported_ratios()}
    result = []
    for ratio in shipped_ratios():
        replaced = imported.pop((ratio.sector, ratio.euro_year), None)
        if replaced is None and not ratio.known:
            # A missing shipped row is replaced by the most recent vintage imported for it.
            vintages = [key for key in imported if key[0] == ratio.sector]
            replaced = imported.pop(max(vintages, key=lambda key: key[1])) if vintages else None
        result.append(replaced or ratio)
    result.extend(imported.values())
    return tuple(result)


def year_ranges(in_force=None) -> list[tuple]:
    """(sector, first contract year, last contract year, kgCO2e/k€, euro year, uncertainty as a
    fraction) rows covering every contract year: a year uses the ratio of its own euro year
    when there is one, else the nearest earlier vintage, else the earliest (years 0 and 9999
    stand for « any »).

    A contract of year Y has amounts in euros of Y: ADEME publishes one ratio per euro year,
    and the amount is not deflated (the method page says so)."""
    by_sector: dict[str, list[Ratio]] = {}
    for ratio in in_force if in_force is not None else ratios():
        if ratio.known:
            by_sector.setdefault(ratio.sector, []).append(ratio)
    rows = []
    for sector, vintages in sorted(by_sector.items()):
        vintages.sort(key=lambda ratio: ratio.euro_year or 0)
        for index, ratio in enumerate(vintages):
            first = 0 if index == 0 else ratio.euro_year
            last = vintages[index + 1].euro_year - 1 if index + 1 < len(vintages) else 9999
            uncertainty = ratio.uncertainty_pct
            if uncertainty is None:
                uncertainty = DEFAULT_UNCERTAINTY_PCT
            rows.append((sector, first, last, ratio.kg_per_keur, ratio.euro_year or 0,
                         uncertainty / 100))  # fmt: skip
    return rows
