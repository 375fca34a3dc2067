"""Readers of every DECP file shape; `open_records` detects the shape from the bytes."""

import gzip
from pathlib import Path

from .errors import COMPRESSION_ERRORS, DAMAGED_ARCHIVE, ReadError
from .jsonstream import JsonRecords
from .tabular import TabularRecords
from .xmlstream import XmlRecords

__all__ = ["ReadError", "open_records", "sniff", "format_of_record"]

MARKERS_2022 = (
    "considerationsSociales",
    "considerationsEnvironnementales",
    "techniques",
    "technique",
    "offresRecues",
    "ccag",
    "marcheInnovant",
    "typesPrix",
    "typePrix",
    "modalitesExecution",
    "modaliteExecution",
)


def format_of_record(record) -> str:
    if isinstance(record, dict) and any(marker in record for marker in MARKERS_2022):
        return "2022"
    return "2019"


def sniff(path: Path) -> tuple[str, bool]:
    """(json | xml | csv | parquet, gzipped) from the first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped:
        with gzip.open(path, "rb") as handle:
            try:
                head = handle.read(4096)
            except (OSError, *COMPRESSION_ERRORS) as error:
                raise ReadError(DAMAGED_ARCHIVE) from error
    if head.startswith(b"PAR1"):
        return "parquet", gzipped
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ReadError("fichier vide")
    if stripped[:1] in (b"{", b"["):
        return "json", gzipped
    if stripped[:1] == b"<":
        return "xml", gzipped
    first_line = stripped.split(b"\n", 1)[0]
    if any(sep in first_line for sep in (b",", b";", b"|", b"\t")) and b"\x00" not in head:
        return "csv", gzipped
    raise ReadError("format non reconnu (ni JSON, ni XML, ni CSV, ni Parquet de DECP)")


def open_stream(path: Path, gzipped: bool):
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def open_records(path: Path, stream=None):
    """(kind, reader): the reader iterates (hint, record) and counts `records`."""
    kind, gzipped = sniff(path)
    if kind == "parquet":
        return kind, TabularRecords(path, parquet=True)
    if kind == "csv":
        if gzipped:
            raise ReadError("CSV compressé : décompressez-le avant l'import")
        return kind, TabularRecords(path, parquet=False)
    stream = stream or open_stream(path, gzipped)
    return kind, (JsonRecords(stream) if kind == "json" else XmlRecords(stream))
