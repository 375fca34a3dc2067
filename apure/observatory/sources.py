"""Names of the DECP sources for the public: publisher or platform and period, never a file.

The sources shipped with apure are described once, in apure/decp/samples/SOURCES.toml, and
recognised by the SHA-256 of their files (the store's `files` table keeps it). A file imported
without an entry there (a member's own export, a national file) is named from its own data:
its buyer, or how many buyers it holds, and its years. Raw file names are for the quality page.
"""

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from apure.decp.demo import SAMPLES

from . import labels, store_query

CATALOGUE_PATH = SAMPLES / "SOURCES.toml"
IMPORTED_PREFIX = "Données importées"


@dataclass(frozen=True)
class Source:
    title: str
    period: str
    publisher: str
    platform: str
    licence: str
    url: str
    files: tuple  # (name below the samples folder, sha256) pairs

    @property
    def label(self) -> str:
        return f"{self.title}, {self.period}"


@lru_cache(maxsize=1)
def catalogue() -> tuple[Source, ...]:
    with CATALOGUE_PATH.open("rb") as handle:
        entries = tomllib.load(handle)["source"]
    return tuple(
        Source(
            **{key: value for key, value in entry.items() if key != "files"},
            files=tuple((item["name"], item["sha256"]) for item in entry["files"]),
        )
        for entry in entries
    )


@lru_cache(maxsize=1)
def _by_checksum() -> dict:
    return {checksum: source for source in catalogue() for _, checksum in source.files}


def known(checksum) -> Source | None:
    """The catalogued source a file belongs to, from its checksum."""
    return _by_checksum().get(checksum)


def period(first_year, last_year) -> str:
    if first_year is None:
        return "années inconnues"
    if last_year in (None, first_year):
        return str(first_year)
    return f"{first_year}-{last_year}"


def imported_label(buyers, buyer_name, buyer_siret, first_year, last_year) -> str:
    """The name of a file nobody described: who published in it, and when."""
    if buyers == 1:
        # The 2022 format publishes no buyer name: the SIRET then says who it is.
        who = buyer_name or f"acheteur {buyer_siret}"
    elif buyers:
        who = f"{buyers} acheteurs"
    else:
        who = "acheteur inconnu"
    return f"{IMPORTED_PREFIX}\u00a0: {who}, {period(first_year, last_year)}"


def _checksums_by_name() -> dict:
    """File name -> checksums of the files imported under that name (several if re-issued).

    Stores written by other tools (tests, older versions) may lack the `files` table."""
    has_files = store_query.fetch(
        "SELECT 1 FROM duckdb_tables() WHERE table_name = 'files' AND schema_name = 'main'"
    )
    if not has_files:
        return {}
    rows = store_query.fetch(
        "SELECT name, list(DISTINCT sha256) FROM files WHERE status = 'ok' GROUP BY name"
    )
    return dict(rows or ())


def _source_of(checksums) -> Source | None:
    return next(filter(None, map(known, checksums)), None)


DESCRIPTION_FIELDS = ("publisher", "platform", "licence", "url")
FILES_SQL = """
    SELECT source_file, any_value(source_format) AS format, count(*) AS contracts,
           min(year) AS first_year, max(year) AS last_year,
           count(*) FILTER (WHERE social <> 'unknown' OR environmental <> 'unknown')
             AS considerations_known,
           count(DISTINCT buyer_siret) AS buyers, max(buyer_name) AS buyer_name,
           max(buyer_siret) AS buyer_siret
    FROM contracts GROUP BY source_file ORDER BY source_file
"""


def served() -> list[dict] | None:
    """What the store serves, one row per public source (the 12 daily files of a platform
    make one row): label, publisher, platform, licence and url (None for files nobody
    described), formats, contracts, years, share of
    contracts whose considerations are known, and the raw file names (quality page only).

    Read from the contracts themselves, test records included: they are part of what was
    loaded. None when no store exists.
    """
    rows = store_query.fetch_dicts(FILES_SQL)
    if rows is None:
        return None
    checksums = _checksums_by_name()
    grouped = {}
    for row in rows:
        source = _source_of(checksums.get(row["source_file"], ()))
        label = source.label if source else imported_label(
            row["buyers"], row["buyer_name"], row["buyer_siret"], row["first_year"],
            row["last_year"],
        )  # fmt: skip
        item = grouped.setdefault(label, {
            "label": label, "described": source is not None, "files": [], "format_labels": [],
            "contracts": 0, "considerations_known": 0, "first_year": None, "last_year": None,
            # Who publishes it and under which licence: known for described sources only.
            **{key: getattr(source, key, None) for key in DESCRIPTION_FIELDS},
        })  # fmt: skip
        item["files"].append(row["source_file"])
        format_label = labels.source_format(row["format"])
        if format_label not in item["format_labels"]:
            item["format_labels"].append(format_label)
        item["contracts"] += row["contracts"]
        item["considerations_known"] += row["considerations_known"]
        item["first_year"] = _min(item["first_year"], row["first_year"])
        item["last_year"] = _max(item["last_year"], row["last_year"])
    for item in grouped.values():
        item["files"].sort()
        item["format_labels"].sort()  # the same order whatever order the files come in
        item["considerations_share"] = item["considerations_known"] / item["contracts"]
    return sorted(grouped.values(), key=lambda item: (-item["contracts"], item["label"]))


def label_of_file(name) -> str | None:
    """The public name of the source a stored file name belongs to."""
    for item in served() or ():
        if name in item["files"]:
            return item["label"]
    return None


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _max(a, b):
    return b if a is None else a if b is None else max(a, b)
