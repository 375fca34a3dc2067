"""Cached read-only queries on the analytical store.

Results are cached in process per (store file version, SQL, parameters): the store only changes
by an atomic file swap, which changes the inode or mtime and therefore the cache key.
Every filter value reaches DuckDB as a bound parameter, never inside the SQL text.
Pages that cache their own data on top (`cached_page`) register themselves here, so that
`clear_cache` reaches every one of them without this module knowing the pages.
"""

import os
from functools import lru_cache, wraps

from apure.decp import store
from apure.decp.normalise import LEGACY_FRAMEWORK_SQL


def store_version():
    """Identity of the current store file, or None when nothing was imported."""
    try:
        stat = os.stat(store.analytics_path())
    except FileNotFoundError:
        return None
    return (str(store.analytics_path()), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def is_loaded() -> bool:
    return store_version() is not None


def fetch(sql: str, params=()) -> tuple | None:
    """All rows of a query as a tuple of tuples, or None when no store exists."""
    version = store_version()
    if version is None:
        return None
    return _fetch_with_columns(version, sql, tuple(params))[1]


def fetch_dicts(sql: str, params=()) -> list[dict] | None:
    version = store_version()
    if version is None:
        return None
    columns, rows = _fetch_with_columns(version, sql, tuple(params))
    return [dict(zip(columns, row, strict=True)) for row in rows]


def fetch_one(sql: str, params=()) -> dict | None:
    rows = fetch_dicts(sql, params)
    return rows[0] if rows else None


@lru_cache(maxsize=4096)
def _fetch_with_columns(version, sql, params):
    cursor = store.cursor()
    try:
        result = cursor.execute(sql, list(params))
        columns = tuple(column[0] for column in result.description)
        return columns, tuple(result.fetchall())
    finally:
        cursor.close()


@lru_cache(maxsize=64)
def _columns(version, table) -> frozenset:
    cursor = store.cursor()
    try:
        rows = cursor.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
        ).fetchall()
    finally:
        cursor.close()
    return frozenset(name for (name,) in rows)


def has_column(table: str, column: str) -> bool:
    """Whether the current store's `table` has `column` (a store written by an earlier version
    lacks the columns added since, until the next import rebuilds it)."""
    version = store_version()
    return version is not None and column in _columns(version, table)


def framework_sql(prefix: str = "", columns=None) -> str:
    """SQL of « the contract is a framework agreement » (true, false, NULL when not said) on
    `contracts`: the store's one definition, its column `framework_agreement`
    (docs/ANALYTICS_SCHEMA.md). A store written before that column gives what the 2019
    `nature` says (true or NULL) until the next import. `columns`: those of the `contracts`
    read, when known (default: the current store's)."""
    if columns is None:
        known = store_version() is None or has_column("contracts", "framework_agreement")
    else:
        known = "framework_agreement" in columns
    return f"{prefix}framework_agreement" if known else LEGACY_FRAMEWORK_SQL.format(prefix=prefix)


# The caches of the functions decorated with `cached_page`, cleared with the query cache.
_PAGE_CACHES = []


def cached_page(function):
    """Cache a page's data per store version and arguments (the store changes only by swap)."""

    @lru_cache(maxsize=512)
    def cached(version, *args):
        return function(*args)

    @wraps(function)
    def wrapper(*args):
        return cached(store_version(), *args)

    wrapper.cache_clear = cached.cache_clear
    _PAGE_CACHES.append(cached)
    return wrapper


def clear_cache():
    for cache in _PAGE_CACHES:
        cache.cache_clear()
    _fetch_with_columns.cache_clear()
    _columns.cache_clear()
