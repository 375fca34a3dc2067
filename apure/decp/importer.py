"""`decp_import`: read files, build the next version of the store, swap it in atomically.

While an import runs the served file is untouched; the new version is written beside it and
renamed over it at the very end (os.replace), so a failed or killed import leaves the
previous data intact. One import at a time (lock file): a second import waits for the first,
saying so, and gives up after APURE_IMPORT_LOCK_TIMEOUT seconds.
"""

import fcntl
import hashlib
import os
import resource
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from . import build, store
from .parse import PARALLEL_MIN_BYTES, parse_file
from .readers import ReadError
from .readers.errors import unreadable_reason
from .readers.limits import FileLimits, file_limits

# Files picked up when a folder is given (provenance notes and licences beside them are not).
DATA_SUFFIXES = {".json", ".xml", ".csv", ".parquet", ".gz", ".tsv"}


class ImportBusy(Exception):
    pass


def _visible_files(folder: Path) -> list[Path]:
    return [
        child
        for child in sorted(folder.rglob("*"))
        if child.is_file() and not child.name.startswith(".")
    ]


def expand(paths) -> list[Path]:
    """Files of the given paths; folders are walked (sorted, data files only). A folder
    without any data file stays in the list as itself: _read_files reports it as an error
    (a mistyped mount point in a scheduled task must not pass for an empty success)."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            data = [f for f in _visible_files(path) if f.suffix.lower() in DATA_SUFFIXES]
            found.extend(data or [path])
        else:
            found.append(path)
    return found


def _no_data_message(folder: Path) -> str:
    ignored = [str(f.relative_to(folder)) for f in _visible_files(folder)]
    message = f"Aucun fichier de données DECP trouvé dans {folder}"
    if ignored:
        count = len(ignored)
        names = ", ".join(ignored[:5]) + (", …" if count > 5 else "")
        noun = "fichier ignoré" if count == 1 else "fichiers ignorés"
        message += f" ({count} {noun}\u00a0: {names})"
    return message


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


LOCK_TIMEOUT_VARIABLE = "APURE_IMPORT_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 1800.0  # seconds: a national import takes minutes, not half an hour
LOCK_POLL_SECONDS = 0.2

# Descriptors of the locks this process holds. A forked child (a parse worker) shares the
# lock with its parent (flock belongs to the open file, not to the process): each child
# closes its copy at once, so that the lock ends with the importer, whatever the children do.
_held_locks: set = set()


def _close_held_locks_in_child() -> None:
    for descriptor in _held_locks:
        os.close(descriptor)
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_held_locks_in_child)


def lock_timeout() -> float:
    """Seconds an import waits for another one (APURE_IMPORT_LOCK_TIMEOUT, README)."""
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_VARIABLE, DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _lock_holder(descriptor: int) -> str:
    """« PID 1234 » of the import holding the lock (it writes its PID in the lock file)."""
    pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f"PID {pid}" if pid.isdigit() else "PID inconnu"


def _acquire(descriptor: int, timeout: float, on_wait) -> None:
    deadline = None
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _lock_holder(descriptor)
        if deadline is None:
            deadline = time.monotonic() + timeout
            if on_wait is not None:
                on_wait(f"Un autre import est en cours ({holder})\u00a0: attente…")
        left = deadline - time.monotonic()
        if left <= 0:
            raise ImportBusy(
                f"un autre import est en cours ({holder}) et n'a pas fini après "
                f"{timeout:g} s d'attente (réglage {LOCK_TIMEOUT_VARIABLE})"
            )
        time.sleep(min(LOCK_POLL_SECONDS, left))


@contextmanager
def import_lock(target: Path, timeout: float | None = None, on_wait=None):
    """Hold the import lock of the store `target`, waiting for it at most `timeout` seconds
    (default: lock_timeout()); on_wait(French message) is called once if it has to wait."""
    lock_path = target.with_name(target.name + ".lock")
    # os.open: a bare descriptor, closed here only (never by a file object's finaliser in a
    # child), and not inherited by programs run from this one (O_CLOEXEC by default).
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(descriptor, lock_timeout() if timeout is None else timeout, on_wait)
        _held_locks.add(descriptor)
        try:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
            yield
        finally:
            _held_locks.discard(descriptor)
    finally:
        os.close(descriptor)


def _cleanup_leftovers(target: Path) -> None:
    """Remove what a killed import left beside the store (never the store itself)."""
    for leftover in target.parent.glob(target.name + ".next-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _imported_checksums(target: Path) -> set:
    if not target.exists():
        return set()
    import duckdb

    try:
        connection = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        return set()
    try:
        return {
            row[0]
            for row in connection.execute("SELECT sha256 FROM files WHERE status = 'ok'").fetchall()
        }
    except duckdb.Error:
        return set()
    finally:
        connection.close()


@dataclass
class ImportRun:
    """What one import works with, from the lock to the swap."""

    run_id: str
    started: float  # time.monotonic() at the start
    started_at: datetime
    today: date
    workers: int
    progress: object  # callable(count, file name) or None
    target: Path  # the served store
    work_dir: Path  # Parquet parts of the parsed files
    new_path: Path  # the next version, renamed over target at the end
    known: set  # checksums of the files already imported (skipped), or read in this run
    checksums: ThreadPoolExecutor
    # --force: files imported before are read again and replace their earlier records
    # (after an upgrade of the cleaning rules); their checksums, to forget at staging.
    replaced: set = field(default_factory=set)
    timings: dict = field(default_factory=lambda: {"checksum": 0.0, "parse": 0.0})
    memory: dict = field(default_factory=dict)  # phase → _peak_gb() at its end
    # What one file may cost (size, record size, time): settings read once per run.
    limits: FileLimits = field(default_factory=file_limits)


def run_import(
    paths,
    workers: int | None = None,
    progress=None,
    today: date | None = None,
    force=False,
    on_wait=None,
):
    """Import files; returns the summary dict (see the decp_import command). With force,
    files already imported are read again and replace what their earlier import staged.
    on_wait(French message): told when another import holds the lock (see import_lock)."""
    started = time.monotonic()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    target = store.analytics_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    run_id = started_at.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    files = expand(paths)
    with import_lock(target, on_wait=on_wait):
        _cleanup_leftovers(target)
        work_dir = target.with_name(f"{target.name}.next-{run_id}.parts")
        new_path = target.with_name(f"{target.name}.next-{run_id}")
        work_dir.mkdir()
        try:
            # Checksums are computed in a thread while the files are parsed (I/O beside CPU).
            with ThreadPoolExecutor(max_workers=1) as checksums:
                run = ImportRun(
                    run_id=run_id,
                    started=started,
                    started_at=started_at,
                    today=today or date.today(),
                    workers=workers
                    or int(os.environ.get("APURE_DECP_WORKERS", 0))
                    or (os.cpu_count() or 1),
                    progress=progress,
                    target=target,
                    work_dir=work_dir,
                    new_path=new_path,
                    known=set() if force else _imported_checksums(target),
                    checksums=checksums,
                    replaced=_imported_checksums(target) if force else set(),
                )
                cpu_started = _cpu()
                reports, parsed = _read_files(run, files)
                run.timings["cpu_parse"] = _cpu() - cpu_started
                run.memory["parse"] = _peak_gb()
                if not parsed:  # nothing new: the served version (or its absence) stays
                    return _unchanged(run, reports)
                summary = _build_and_swap(run, reports, parsed)
                run.timings["cpu_total"] = _cpu() - cpu_started
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)
            for leftover in (new_path, new_path.with_name(new_path.name + ".wal")):
                leftover.unlink(missing_ok=True)
            shutil.rmtree(new_path.with_name(new_path.name + ".tmp"), ignore_errors=True)
    summary["timings"] = {key: round(value, 2) for key, value in run.timings.items()}
    summary["peak_memory_gb"] = run.memory
    return summary


def _peak_gb() -> dict:
    """Memory high-water marks so far, in GB: this process's (Linux VmHWM, else ru_maxrss)
    and its largest finished child's (the parse workers). Taken at the end of each phase,
    they tell which phase needed the memory (bench/RESULTS.md)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    own = int(line.split()[1]) * 1024
    except OSError:
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"importer": round(own / 1e9, 2), "workers": round(children / 1e9, 2)}


def _cpu() -> float:
    """CPU seconds of this process, its threads and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _skip_as_imported(report: dict) -> None:
    report.update(status="skipped", error=None)
    report["message"] = "déjà importé (même somme de contrôle)"


def _read_files(run: ImportRun, files) -> tuple[list, list]:
    """Parse each file into Parquet parts; returns (a report per file, (report, parts) of
    the files to stage). Unreadable files get an error report; the others go on."""
    reports, parsed = [], []
    for number, path in enumerate(files):
        report = {"path": str(path), "format": None, "records": 0, "status": "ok", "error": None}
        reports.append(report)
        file_started = time.monotonic()
        if path.is_dir():
            report.update(status="error", error=_no_data_message(path))
            continue
        if not path.is_file():
            report.update(status="error", error=f"{path}\u00a0: fichier introuvable")
            continue
        report["size"] = path.stat().st_size
        # hashlib releases the GIL: a big file's checksum is computed while it is parsed, and
        # its parts are dropped afterwards if it was already imported (rare: a re-import).
        pending = run.checksums.submit(sha256, path)
        checksum = None
        if report["size"] < PARALLEL_MIN_BYTES or run.known:
            checksum = pending.result()  # small, or a store exists: skip before parsing
        run.timings["checksum"] += time.monotonic() - file_started
        if checksum in run.known:
            report["sha256"] = checksum
            _skip_as_imported(report)
            continue
        if checksum is not None:
            run.known.add(checksum)
        part_dir = run.work_dir / f"f{number:04d}"
        part_dir.mkdir()
        try:
            label, results = parse_file(
                path,
                part_dir,
                run.today,
                workers=run.workers,
                progress=run.progress,
                limits=run.limits.started(),
            )
        except ReadError as error:
            where = f" ({error.where})" if error.where else ""
            # The path as given (or below the folder given): two files may share a name.
            report.update(status="error", error=f"{path}\u00a0: {error}{where}")
            shutil.rmtree(part_dir, ignore_errors=True)
            results = None
        except Exception as error:  # noqa: BLE001 -- a case no rule foresaw fails this file only
            reason = unreadable_reason(error)
            report.update(status="error", error=f"{path}\u00a0: lecture impossible, {reason}")
            shutil.rmtree(part_dir, ignore_errors=True)
            results = None
        if checksum is None:
            checksum = pending.result()
            if checksum in run.known:  # the same big file given twice in one run
                shutil.rmtree(part_dir, ignore_errors=True)
                _skip_as_imported(report)
                results = None
            run.known.add(checksum)
        report["sha256"] = checksum
        if results is None:
            continue
        run.timings["parse"] += time.monotonic() - file_started
        report["format"] = label
        report["records"] = sum(result.records for result in results)
        report["seconds"] = round(time.monotonic() - file_started, 3)
        parsed.append((report, results))
        if run.progress:
            run.progress(0, path.name)
    return reports, parsed


def run_status(reports, parsed) -> str:
    """failed: every file failed; partial: some did; ok: new files were read and are now
    served; unchanged: every file had been imported already (documented in docs/decp.md)."""
    failed = sum(report["status"] == "error" for report in reports)
    if failed and failed == len(reports):
        return "failed"
    if failed:
        return "partial"
    return "ok" if parsed else "unchanged"


def _unchanged(run: ImportRun, reports) -> dict:
    """Nothing new to read: the served version stays as it is (no rebuild)."""
    from .report import current

    served = current() or {}
    return {
        "run_id": run.run_id,
        "status": run_status(reports, []),
        "records_read": 0,
        "contracts": served.get("contracts", 0),
        "duplicates": served.get("duplicates", 0),
        "superseded": served.get("superseded", 0),
        "records_stored": served.get("records_stored", 0),
        "notes": served.get("notes", {}),
        "files": reports,
        "seconds": round(time.monotonic() - run.started, 3),
    }


def _build_and_swap(run: ImportRun, reports, parsed) -> dict:
    """Write the next version (previous staging + the new parts, served tables rebuilt),
    record the run in its ledger, then rename it over the served store."""
    timings = run.timings
    mark = time.monotonic()
    connection = build.connect_new(run.new_path, run.target)
    try:
        for report, results in parsed:
            if report["sha256"] in run.replaced:
                build.forget_file(connection, report["sha256"])
            file_seq = build.next_file_seq(connection)
            connection.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    file_seq,
                    run.run_id,
                    report["path"],
                    Path(report["path"]).name,
                    report["sha256"],
                    report["size"],
                    report["format"],
                    report["records"],
                    "ok",
                    None,
                    report["seconds"],
                ],
            )
            build.stage_parts(connection, file_seq, results)
        timings["stage"] = time.monotonic() - mark
        run.memory["stage"] = _peak_gb()
        mark = time.monotonic()
        figures = build.rebuild(connection)
        timings["rebuild"] = time.monotonic() - mark
        run.memory["rebuild"] = _peak_gb()
        summary = {
            "run_id": run.run_id,
            "status": run_status(reports, parsed),
            "records_read": sum(report["records"] for report, _ in parsed),
            "contracts": figures["contracts"],
            "duplicates": figures["duplicates"],
            "superseded": figures["superseded"],
            "records_stored": figures["records"],
            "notes": build.notes_by_code(connection),
            "files": reports,
            "seconds": round(time.monotonic() - run.started, 3),
        }
        finished_at = datetime.now(UTC).replace(tzinfo=None)
        build.record_run(
            connection, dict(summary, started_at=run.started_at, finished_at=finished_at)
        )
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    store.close()
    os.replace(run.new_path, run.target)
    summary["seconds"] = timings["total"] = round(time.monotonic() - run.started, 3)
    return summary
