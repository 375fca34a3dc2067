"""Readers of every DECP file shape; `open_records` detects the shape from the bytes."""

import gzip
from pathlib import Path

from .errors import COMPRESSION_ERRORS, DAMAGED_ARCHIVE, ReadError
from .jsonstream import JsonRecords
from .limits import FileLimits, check_file_size
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


def wide_encoding(head: bytes) -> tuple[str, str] | None:
    """(« UTF-16 » or « UTF-32 », the name iconv knows it by) when the first bytes are text in
    one of these encodings: a byte order mark, or the zero bytes ASCII characters get in them."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32", "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16", "UTF-16"
    sample = head[:1024]
    if len(sample) < 8:
        return None
    if sample.count(0) > len(sample) * 0.6:  # three zero bytes out of four
        return "UTF-32", "UTF-32LE" if sample[0] else "UTF-32BE"
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4:  # every other byte is zero
        return "UTF-16", "UTF-16LE" if odd > even else "UTF-16BE"
    return None


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
    encoding = wide_encoding(head)
    if encoding:
        name, iconv_name = encoding
        raise ReadError(
            f"fichier encodé en {name}\u00a0: convertissez-le en UTF-8 "
            f"(par exemple avec « iconv -f {iconv_name} -t UTF-8 »)"
        )
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


def open_records(path: Path, stream=None, limits: FileLimits | None = None):
    """(kind, reader): the reader iterates (hint, record) and counts `records`. limits: those
    of this file (default: the settings' limits, without a deadline)."""
    limits = limits or FileLimits.from_environment()
    check_file_size(path, limits)
    kind, gzipped = sniff(path)
    if kind == "parquet":
        return kind, TabularRecords(path, parquet=True, limits=limits)
    if kind == "csv":
        if gzipped:
            raise ReadError("CSV compressé\u00a0: décompressez-le avant l'import")
        return kind, TabularRecords(path, parquet=False, limits=limits)
    stream = stream or open_stream(path, gzipped)
    reader = JsonRecords(stream, limits=limits) if kind == "json" else XmlRecords(stream, limits)
    return kind, reader
