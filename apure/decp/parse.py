"""Parse one DECP file into Parquet parts of normalised rows (records, holders, notes).

Big plain JSON files are split into byte ranges at record boundaries and parsed by several
processes. The split points are guessed (a record's first key after `}, `) and proved by the
parse itself: the range before a split point must decode as whole records ending exactly
there, so a wrong guess can only make a range fail, never yield wrong records; on any failure
the file is parsed again in one pass. Each decoded piece (about a thousand records) is
normalised as a batch (columnar.py).
"""

import ctypes
import gc
import io
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from .columnar import ColumnCaches, add_batch
from .geo import geography
from .normalise import COLUMNS, HOLDER_COLUMNS, NOTE_COLUMNS, Normaliser
from .readers import ReadError, format_of_record, open_records
from .readers.jsonstream import JsonRecords, hint_for
from .readers.limits import FileLimits, LimitExceeded
from .readers.tabular import TabularRecords

BATCH = 50_000
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
RANGES_PER_WORKER = 8
RANGE_MIN = 8 * 1024 * 1024
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DOUBLE": pa.float64(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "VARCHAR[]": pa.list_(pa.string()),
}


def _schema(columns):
    return pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns])


SCHEMAS = {
    "records": _schema(COLUMNS),
    "holders": _schema(HOLDER_COLUMNS),
    "notes": _schema(NOTE_COLUMNS),
}
INDEX_COLUMN = {"records": len(COLUMNS) - 1, "holders": 0, "notes": 0}  # record_index
# Half of a UTF-16 surrogate pair, alone: JSON can spell it (`"\ud800"`), UTF-8 cannot.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class PartResult:
    records: int = 0
    kept: int = 0
    formats: set = field(default_factory=set)
    parts: list = field(default_factory=list)  # (table, parquet path)
    index_offset: int = 0


class PartWriter:
    """Accumulates a Normaliser's output and writes it as Parquet parts."""

    def __init__(self, out_dir: Path, prefix: str, today: date, limits: FileLimits | None = None):
        self.out_dir, self.prefix, self.today = out_dir, prefix, today
        self.limits = limits or FileLimits.from_environment()
        self.normaliser = Normaliser(today)
        self.result = PartResult()
        self.count = 0

    def flush(self):
        norm = self.normaliser
        self._write("records", norm.columns())
        self._write("holders", list(zip(*norm.holders, strict=True)) if norm.holders else None)
        # Last: writing the other tables may add notes (see _array).
        self._write("notes", list(zip(*norm.notes, strict=True)) if norm.notes else None)
        norm.clear()

    def _write(self, table, columns):
        if not columns:
            return
        schema = SCHEMAS[table]
        arrays = [self._array(table, columns, i) for i in range(len(columns))]
        path = self.out_dir / f"{self.prefix}-{table}-{self.count:05d}.parquet"
        self.count += 1
        pq.write_table(
            pa.Table.from_arrays(arrays, schema=schema),
            path,
            compression="none",
            use_dictionary=False,  # dictionary encoding costs more than it saves here
            write_statistics=False,
        )
        self.result.parts.append((table, str(path)))

    def _array(self, table, columns, i):
        field_ = SCHEMAS[table].field(i)
        try:
            return pa.array(columns[i], type=field_.type)
        except UnicodeEncodeError:
            pass
        # Rare: a text holds a lone surrogate. It is replaced (U+FFFD) and noted.
        indices, cleaned = columns[INDEX_COLUMN[table]], []
        for row, value in enumerate(columns[i]):
            if type(value) is str and _SURROGATE.search(value):
                value = _SURROGATE.sub("\ufffd", value)
                if table != "notes":
                    name = field_.name if table == "records" else f"titulaires.{field_.name}"
                    self.normaliser.note(indices[row], name, value, "invalid_character")
            cleaned.append(value)
        return pa.array(cleaned, type=field_.type)

    def consume(self, records, progress=None):
        """Normalise a (hint, record) stream; a tabular record's `_row` is its position."""
        return self.consume_pieces(_pieces(records), progress)

    def consume_pieces(self, pieces, progress=None):
        """Normalise (hint, records, indices) pieces, a batch at a time (columnar.py)."""
        # Records make no reference cycles; the cyclic collector would only re-scan the
        # growing batch again and again (about a quarter of the parsing time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._consume_pieces(pieces, progress)
        finally:
            if enabled:
                gc.enable()

    def _consume_pieces(self, pieces, progress):
        norm, result, caches = self.normaliser, self.result, ColumnCaches()
        reported = 0
        for hint, records, indices in pieces:
            self.limits.check_time()
            if result.records == 0:
                result.formats.add(format_of_record(records[0]))
            mark = norm.mark()
            try:
                if len(records) == 1:
                    kept = norm.add(records[0], indices[0], hint)
                else:
                    kept = add_batch(norm, records, indices, hint, caches)
            except Exception:  # noqa: BLE001 -- one record broke the piece: find which
                norm.rollback(mark)
                kept = sum(
                    norm.add_or_note(record, index, hint)
                    for record, index in zip(records, indices, strict=True)
                )
            result.kept += kept
            result.records += len(records)
            if norm.row_count() >= BATCH:
                self.flush()
                if progress:
                    progress(result.records - reported)
                    reported = result.records
        self.flush()
        if progress:
            progress(result.records - reported)
        return result


PIECE_RECORDS = 1000


def _pieces(records):
    """(hint, records, indices) pieces of a (hint, record) stream: one hint per piece, at most
    PIECE_RECORDS records. A record's index is its position, or the `_row` a tabular reader
    gives (rows are read sorted by contract, not in file order)."""
    piece_hint, batch, indices = None, [], []
    for index, (hint, record) in enumerate(records):
        if type(record) is dict and "_row" in record:
            index = record.pop("_row")
        if batch and (hint != piece_hint or len(batch) >= PIECE_RECORDS):
            yield piece_hint, batch, indices
            batch, indices = [], []
        piece_hint = hint
        batch.append(record)
        indices.append(index)
    if batch:
        yield piece_hint, batch, indices


def _numbered(pieces):
    """(hint, records) pieces of a JSON array slice → (hint, records, indices)."""
    count = 0
    for hint, records in pieces:
        if records:
            yield hint, records, range(count, count + len(records))
            count += len(records)


# --- parallel JSON ---------------------------------------------------------------------------


class _Slice(io.RawIOBase):
    """A byte range of a file as a stream."""

    def __init__(self, path, start, end):
        self.handle = open(path, "rb")  # noqa: SIM115 -- closed in close()
        self.handle.seek(start)
        self.left = None if end is None else end - start

    def readable(self):
        return True

    def read(self, size=-1):
        if self.left is not None:
            size = self.left if size < 0 else min(size, self.left)
            if size <= 0:
                return b""
        data = self.handle.read(size)
        if self.left is not None:
            self.left -= len(data)
        return data

    def close(self):
        self.handle.close()
        super().close()


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest = head, rest

    def readable(self):
        return True

    def read(self, size=-1):
        if self.head:
            data, self.head = self.head[:size], self.head[size:]
            return data
        return self.rest.read(size)


PIECE = 1024 * 1024


def fast_records(stream, stack, fragment, first_key: bytes, limits=None):
    """Records of an array slice, one at a time (see fast_pieces)."""
    for hint, records in fast_pieces(stream, stack, fragment, first_key, limits):
        for record in records:
            yield hint, record


def fast_pieces(stream, stack, fragment, first_key: bytes, limits=None):
    """(hint, records) pieces of an array slice, decoded by orjson a piece (~1 MB) at a time.

    A piece ends before a `}, {"<first key>":` boundary; it is accepted only if it decodes
    as a list of whole records, which proves the boundary. At the end of the slice, or on a
    piece that does not decode, the exact reader takes over from the last proven boundary.
    """
    pattern = re.compile(rb'\}\s*,\s*(\{\s*"' + re.escape(first_key) + rb'"\s*:)')
    hint = hint_for(stack[-1][1] if stack else None)
    buf, pos, eof = b"", 0, False
    while True:
        match = pattern.search(buf, pos + PIECE) if len(buf) - pos > PIECE else None
        if match is None and len(buf) - pos > 32 * PIECE:
            break  # no boundary of the expected shape: the exact reader streams the rest
        if match is None and not eof:
            data = stream.read(8 * PIECE)
            if data:
                buf = buf[pos:] + data
                pos = 0
                continue
            eof = True
            continue
        if match is None:
            break
        try:
            records = orjson.loads(b"[" + buf[pos : match.start() + 1] + b"]")
        except orjson.JSONDecodeError:
            break
        yield hint, records
        pos = match.start(1)
    rest = _Chain(buf[pos:], stream)
    # Still normalised a batch at a time: record by record, the engine's fixed cost per
    # batch would be paid for each record (the concessions at the end of a file, say).
    piece_hint, batch = None, []
    for hint_, record in JsonRecords(rest, stack=stack, fragment=fragment, limits=limits):
        if batch and (hint_ != piece_hint or len(batch) >= PIECE_RECORDS):
            yield piece_hint, batch
            batch = []
        piece_hint = hint_
        batch.append(record)
    if batch:
        yield piece_hint, batch


def _parse_range(path, start, end, stack, fragment, out_dir, prefix, today, first_key, limits):
    writer = PartWriter(Path(out_dir), prefix, today, limits)
    stream = _Slice(path, start, end)
    try:
        pieces = fast_pieces(stream, stack, fragment, first_key, limits)
        return writer.consume_pieces(_numbered(pieces))
    finally:
        stream.close()


def _plan(path: Path, ranges: int):
    """Split points of a big JSON file, or None when it cannot be split."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(256 * 1024)
    reader = JsonRecords(io.BytesIO(head))
    try:
        _hint, first = next(iter(reader))
    except (ReadError, StopIteration):
        return None
    if not isinstance(first, dict) or not first or reader.first_record_char is None:
        return None
    text = head.decode("utf-8", errors="ignore")
    start = len(text[: reader.first_record_char].encode("utf-8"))
    stack = list(reader.stack)
    first_key = re.escape(next(iter(first)).encode("utf-8"))
    pattern = re.compile(rb'\}\s*,\s*(\{\s*"' + first_key + rb'"\s*:)')
    points = [start]
    with open(path, "rb") as handle:
        for k in range(1, ranges):
            target = start + (size - start) * k // ranges
            handle.seek(target)
            window = handle.read(4 * 1024 * 1024)
            match = pattern.search(window)
            if match is not None:  # else that part of the file is not split
                points.append(target + match.start(1))
    points = sorted(set(points))  # two targets may land on the same boundary
    if len(points) < 2:
        return None
    return start, stack, points, next(iter(first)).encode("utf-8")


def parse_file(
    path: Path,
    out_dir: Path,
    today: date,
    workers: int = 1,
    progress=None,
    limits: FileLimits | None = None,
):
    """Parse a file into Parquet parts; returns (format label, PartResult list). limits: of
    this file, started (default: the settings' limits, from now)."""
    limits = limits or FileLimits.from_environment().started()
    kind, reader = open_records(path, limits=limits)
    big = workers > 1 and path.stat().st_size >= PARALLEL_MIN_BYTES
    if kind in ("csv", "parquet") and big:
        return _parallel_tabular(path, kind, out_dir, today, workers, progress, limits)
    if kind == "json" and big:
        if hasattr(reader, "stream"):
            reader.stream.close()
        results = _parallel(path, out_dir, today, workers, progress, limits)
        if results is not None:
            formats = set().union(*(r.formats for r in results))
            return _label(kind, formats, None), results
        kind, reader = open_records(path, limits=limits)
    writer = PartWriter(out_dir, "seq", today, limits)
    try:
        result = writer.consume(reader, progress)
    finally:
        stream = getattr(reader, "stream", None)
        if stream is not None:
            stream.close()
    return _label(kind, result.formats, reader), [result]


# --- worker processes ------------------------------------------------------------------------

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_SECONDS = 1.0


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Forked parse workers (they inherit the geography built before) that end with the
    importer however it ends, kill -9 included: orphans would go on parsing for nothing,
    hundreds of megabytes each."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


def _die_with_parent(parent_pid: int) -> None:
    """Initialiser of a worker: the kernel kills it when its parent ends (Linux), else a
    thread watches the parent's PID."""
    if not _kernel_kills_with_parent():
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent ended before the above took effect
        os._exit(1)


def _kernel_kills_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _parse_tabular_share(path, kind, part, parts, out_dir, today, limits):
    reader = TabularRecords(path, parquet=kind == "parquet", part=part, parts=parts, limits=limits)
    result = PartWriter(Path(out_dir), f"t{part}", today, limits).consume(reader)
    return result, reader.format


def _parallel_tabular(path, kind, out_dir, today, workers, progress, limits):
    """A big CSV or Parquet file read by several processes, each its share of the contracts
    (records keep their row number in the file, so no offset is needed)."""
    geography()  # built once here, inherited by the forked workers
    with worker_pool(workers) as pool:
        jobs = [
            pool.submit(
                _parse_tabular_share, str(path), kind, part, workers, str(out_dir), today, limits
            )
            for part in range(workers)
        ]
        reported = _report_progress(jobs, out_dir, progress)
        outcomes = [job.result() for job in jobs]  # a ReadError fails the file, as in one pass
    results = [result for result, _label in outcomes]
    total = sum(result.records for result in results)
    if progress and total > reported:
        progress(total - reported)  # what the workers' parts did not already account for
    return outcomes[0][1], results


def _report_progress(jobs, out_dir, progress):
    """While workers run, count their finished Parquet parts as progress; returns the count.

    Every part of a worker but its last holds at least BATCH records; the last one may hold
    fewer, so it is left out: the count never exceeds what was read, and the caller reports the
    rest once the exact numbers are known."""
    reported = 0
    while progress and not all(job.done() for job in jobs):
        wait(jobs, timeout=0.5)
        done = _full_parts(out_dir) * BATCH
        if done > reported:
            progress(done - reported)
            reported = done
    return reported


def _full_parts(out_dir):
    parts = Counter(
        path.name.split("-records-")[0] for path in Path(out_dir).glob("*-records-*.parquet")
    )
    return sum(count - 1 for count in parts.values())


def _label(kind, formats, reader):
    if kind in ("csv", "parquet"):
        return reader.format
    year = "2022" if "2022" in formats else "2019"
    return f"{year}-{kind}"


def _parallel(path, out_dir, today, workers, progress, limits):
    # More ranges than workers: a worker slowed down by other processes takes fewer of them.
    plan = _plan(path, max(1, min(workers * RANGES_PER_WORKER, path.stat().st_size // RANGE_MIN)))
    if plan is None:
        return None
    _start, stack, points, first_key = plan
    geography()  # built once here, inherited by the forked workers
    jobs = [None] * len(points)
    # The last range is submitted first: it holds the end of the file (the concessions,
    # read by the exact reader), the slowest range, which would otherwise finish alone.
    order = [len(points) - 1, *range(len(points) - 1)]
    with worker_pool(workers) as pool:
        for k in order:
            last = k == len(points) - 1
            end = None if last else points[k + 1]
            jobs[k] = pool.submit(
                _parse_range,
                str(path),
                points[k],
                end,
                stack,
                not last,
                str(out_dir),
                f"w{k}",
                today,
                first_key,
                limits,
            )
        reported = _report_progress(jobs, out_dir, progress)
        outcomes = []
        for job in jobs:
            try:
                outcomes.append(job.result())
            except LimitExceeded:
                # The file is refused: reading it again in one pass would meet the same limit.
                for other in jobs:
                    other.cancel()
                raise
            except ReadError:
                outcomes.append(None)
    # Range k starts on a proven boundary when ranges 0..k-1 decoded; after the first range
    # that did not (a split point beyond the first array, or a real defect), one exact
    # reader takes over from that range's start to the end of the file.
    first_failed = next((k for k, outcome in enumerate(outcomes) if outcome is None), None)
    results = outcomes if first_failed is None else outcomes[:first_failed]
    if first_failed is not None:
        for outcome in outcomes[first_failed:]:
            for _table, part in outcome.parts if outcome else []:
                os.unlink(part)
        try:
            results.append(
                _parse_range(
                    str(path),
                    points[first_failed],
                    None,
                    stack,
                    False,
                    str(out_dir),
                    f"r{first_failed}",
                    today,
                    first_key,
                    limits,
                )
            )
        except LimitExceeded:
            raise
        except ReadError:
            for result in results:
                for _table, part in result.parts:
                    os.unlink(part)
            return None
    offset = 0
    for result in results:
        result.index_offset = offset
        offset += result.records
    if progress and offset > reported:
        progress(offset - reported)
    return results
