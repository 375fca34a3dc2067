"""What one file may cost the importer before it is refused: its size once decompressed, the
size of one record, the time to read it (settings in the README, rules in docs/decp.md).

A damaged or hostile file (a gzip archive of gigabytes of blanks, an XML text of a gigabyte)
must fail alone, soon and with a message naming the limit, not exhaust the machine.
"""

import io
import os
import time
from dataclasses import dataclass, replace

from .errors import ReadError

MAX_BYTES_VARIABLE = "APURE_IMPORT_MAX_BYTES"
MAX_RECORD_BYTES_VARIABLE = "APURE_IMPORT_MAX_RECORD_BYTES"
MAX_SECONDS_VARIABLE = "APURE_IMPORT_MAX_SECONDS"

# The national consolidated JSON is 1 to 2 GB once decompressed: room for it to grow.
DEFAULT_MAX_BYTES = 8 * 1024**3
# A contract is a few kilobytes; a record of tens of megabytes is already an anomaly.
DEFAULT_MAX_RECORD_BYTES = 64 * 1024**2
# The national file takes minutes; an hour means something is wrong.
DEFAULT_MAX_SECONDS = 3600.0

clock = time.monotonic  # one clock for the deadline and its checks, forked workers included


class LimitExceeded(ReadError):
    """The file goes beyond one of its limits: it is refused as a whole, at once (the
    parallel reader must not retry it in one pass)."""


def _positive(variable: str, default, kind):
    try:
        value = kind(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


def french_size(size: int) -> str:
    """« 8 Go », « 1,5 Mo », « 512 octets » (binary units, as `ls -h` counts)."""
    for unit, factor in (("Go", 1024**3), ("Mo", 1024**2), ("ko", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}".replace(".", ",")
    return f"{size} octets"


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int  # what the file holds, decompressed
    max_record_bytes: int  # one record, or the blanks between two
    max_seconds: float  # reading the file, all its processes together
    deadline: float | None = None  # clock() after which reading stops (see started())

    @classmethod
    def from_environment(cls) -> "FileLimits":
        return cls(
            max_bytes=_positive(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES, int),
            max_record_bytes=_positive(MAX_RECORD_BYTES_VARIABLE, DEFAULT_MAX_RECORD_BYTES, int),
            max_seconds=_positive(MAX_SECONDS_VARIABLE, DEFAULT_MAX_SECONDS, float),
        )

    def started(self) -> "FileLimits":
        """These limits for one file whose reading starts now."""
        return replace(self, deadline=clock() + self.max_seconds)

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - clock()

    def check_time(self) -> None:
        if self.deadline is not None and clock() > self.deadline:
            raise self.too_slow()

    # --- the French messages (the importer puts the file's path before them) ---------------
    def too_big(self) -> LimitExceeded:
        return LimitExceeded(
            f"fichier trop volumineux\u00a0: plus de {french_size(self.max_bytes)} une fois "
            f"décompressé (limite {MAX_BYTES_VARIABLE} = {self.max_bytes} octets)"
        )

    def record_too_big(self, where: str = "") -> LimitExceeded:
        return LimitExceeded(
            f"enregistrement trop volumineux\u00a0: plus de {french_size(self.max_record_bytes)} "
            f"({self._record_limit()})",
            where,
        )

    def blanks_too_long(self, where: str = "") -> LimitExceeded:
        return LimitExceeded(
            f"plus de {french_size(self.max_record_bytes)} de blancs d'affilée, fichier vide "
            f"ou piégé ({self._record_limit()})",
            where,
        )

    def too_slow(self) -> LimitExceeded:
        return LimitExceeded(
            f"lecture trop longue\u00a0: plus de {self.max_seconds:g} s "
            f"(limite {MAX_SECONDS_VARIABLE})"
        )

    def _record_limit(self) -> str:
        return f"limite {MAX_RECORD_BYTES_VARIABLE} = {self.max_record_bytes} octets"


def file_limits() -> FileLimits:
    """The limits of the settings (environment variables, README), not yet started."""
    return FileLimits.from_environment()


def check_file_size(path, limits: FileLimits) -> None:
    """A file bigger than the limit is refused before it is read."""
    if os.path.getsize(path) > limits.max_bytes:
        raise limits.too_big()


class CountedStream(io.RawIOBase):
    """A stream that counts the bytes read through it and enforces the file's limits: total
    size, time, and (when `span_start` is set) the bytes since that point, one record's span."""

    def __init__(self, raw, limits: FileLimits):
        self.raw = raw
        self.limits = limits
        self.count = 0
        self.span_start = None

    def readable(self):
        return True

    def read(self, size=-1):
        limits = self.limits
        limits.check_time()
        data = self.raw.read(size)
        self.count += len(data)
        if self.count > limits.max_bytes:
            raise limits.too_big()
        span = self.count - (self.count if self.span_start is None else self.span_start)
        if span > limits.max_record_bytes:
            raise limits.record_too_big()
        return data

    def close(self):
        self.raw.close()
        super().close()
