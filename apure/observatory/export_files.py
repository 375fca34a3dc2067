"""Heavy exports (XLSX lists of up to 50 000 contracts) without stalling the site.

Writing such a file takes a core for a few seconds, and the web processes are few (gunicorn:
3 processes for 2 cores): four anonymous loops on export.xlsx once took every page from
44 ms to 11 s at the 95th percentile (issue 15). Hence:
- a cache on disk, under the data directory and shared by the processes: one file per store
  version and request, the most recent kept (`APURE_EXPORT_CACHE_FILES`, 20 by default). The
  store only changes by an atomic file swap, which changes its version and so every key;
- export slots across processes (`APURE_EXPORT_SLOTS`, 2 by default, one per core of the
  production machine): a file lock per slot. A request that finds none free within a few
  seconds is told to come back (HTTP 503 with Retry-After) instead of queueing up workers.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

from . import contracts, exports, store_query

# Part of every cache key: raise it when a change of code changes the files for the same data
# (the store's version covers changes of data).
CONTENT_VERSION = 1
DEFAULT_SLOTS = 2
DEFAULT_CACHE_FILES = 20
SLOT_WAIT_SECONDS = 3.0
SLOT_POLL_SECONDS = 0.1
RETRY_AFTER_SECONDS = 10


class ExportsBusy(Exception):
    """Every export slot stayed taken for SLOT_WAIT_SECONDS."""


def _setting(variable, default) -> int:
    try:
        return max(1, int(os.environ.get(variable, default)))
    except ValueError:
        return default


def slot_count() -> int:
    return _setting("APURE_EXPORT_SLOTS", DEFAULT_SLOTS)


def cache_size() -> int:
    return _setting("APURE_EXPORT_CACHE_FILES", DEFAULT_CACHE_FILES)


def _folder(name) -> Path:
    folder = Path(settings.DATA_DIR) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_key(*parts) -> str:
    """A file name for what a request asks of the current store (JSON-able parts)."""
    text = json.dumps([store_query.store_version(), *parts], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def contract_list_xlsx(filters, columns, text=""):
    """The XLSX of a contract list: from the cache, else written (may raise ExportsBusy)."""
    key = cache_key("contracts", CONTENT_VERSION, filters.as_dict(), columns, text)

    def write(out):
        rows = contracts.stream(filters, columns, text=text, limit=exports.LIMITS["xlsx"])
        header = [exports.CONTRACT_COLUMNS[column] for column in columns]
        exports.write_xlsx(out, "Marchés", header, exports.contract_rows(columns, rows),
                           exports.contract_formats(columns))  # fmt: skip

    return cached_file(key, "xlsx", write)


def cached_file(key, suffix, write):
    """An open binary file holding the export of `key`, written by `write(out)` if need be.

    Raises ExportsBusy when the file must be written and no slot frees up in time.
    """
    path = _folder("exports-cache") / f"{key}.{suffix}"
    if hit := _open_cached(path):
        return hit
    with export_slot():
        # Another request may have written it while this one waited for a slot.
        if hit := _open_cached(path):
            return hit
        _write_atomically(path, write)
    handle = _open_cached(path)
    _prune(path.parent, suffix)
    return handle


def _open_cached(path):
    try:
        handle = open(path, "rb")  # noqa: SIM115 (the response closes it)
    except FileNotFoundError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: pruned last
    return handle


def _write_atomically(path, write):
    # Readers only ever see a whole file: written aside, then renamed over.
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as out:
        try:
            write(out)
        except BaseException:
            out.close()
            os.unlink(out.name)
            raise
    os.replace(out.name, path)


def _prune(folder, suffix):
    """Keep the most recently used files only (an open file stays readable once unlinked)."""
    files = sorted(folder.glob(f"*.{suffix}"), key=_mtime, reverse=True)
    for stale in files[cache_size() :]:
        stale.unlink(missing_ok=True)


def _mtime(path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


@contextlib.contextmanager
def export_slot():
    """Hold one of the export slots shared by every process; raise ExportsBusy if none frees."""
    folder = _folder("exports-slots")
    deadline = time.monotonic() + SLOT_WAIT_SECONDS
    while True:
        for number in range(slot_count()):
            handle = open(folder / f"slot-{number}.lock", "a")  # noqa: SIM115 (closed below)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                handle.close()  # releases the lock, also if the process dies
            return
        if time.monotonic() >= deadline:
            raise ExportsBusy
        time.sleep(SLOT_POLL_SECONDS)
