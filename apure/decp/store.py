"""Read access to the analytical store (see docs/ANALYTICS_SCHEMA.md).

Web processes share one read-only DuckDB connection per file version and hand out a cursor
per use (a DuckDB connection must not be used from two threads at once; cursors may).
When the pipeline swaps a new file in, the next call notices the new inode and reopens.
"""

import os
import threading
from pathlib import Path

import duckdb
from django.conf import settings

_lock = threading.Lock()
_state = {"key": None, "connection": None}


def analytics_path() -> Path:
    return Path(settings.ANALYTICS_DB_PATH)


def is_available() -> bool:
    return analytics_path().exists()


def cursor():
    """A read-only cursor on the current analytical store, or None if nothing was imported."""
    path = analytics_path()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    key = (str(path), stat.st_ino, stat.st_mtime_ns)
    with _lock:
        if _state["key"] != key:
            if _state["connection"] is not None:
                _state["connection"].close()
            _state["connection"] = duckdb.connect(str(path), read_only=True)
            _state["key"] = key
        return _state["connection"].cursor()


def close():
    """Forget the cached connection (tests, and before the pipeline replaces the file)."""
    with _lock:
        if _state["connection"] is not None:
            _state["connection"].close()
        _state.update(key=None, connection=None)
