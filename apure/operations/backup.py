"""`apure backup` and `apure restore`: the app database, the analytical store, the follows'
ledger beside it and the uploaded media in one tar.gz, with a manifest (versions, counts,
checksums) written last.

The app database is saved in Django's own serialisation (dumpdata with natural keys for content
types and permissions, loaddata to restore) rather than with each engine's tools:
- the archive restores on either engine, so it also moves an instance from SQLite to
  PostgreSQL; pg_dump output would only restore on PostgreSQL, an SQLite file only on SQLite;
- no pg_dump/pg_restore matching the server's major version is needed on the machine;
- this database only holds what people edit (members, content, clauses): it stays small, the
  bulk of the data being the DuckDB store, which is copied as a file.
It is read in one transaction (REPEATABLE READ on PostgreSQL) so that its tables agree with each
other while the site keeps running.
"""

import gzip
import hashlib
import json
import os
import platform
import shutil
import tarfile
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
import duckdb
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from apure import search
from apure.decp import store
from apure.decp.importer import ImportBusy, import_lock
from apure.decp.report import count
from apure.follow import ledger
from apure.search import index as search_index

# 2: the follows' ledger (`LEDGER`) may be in the archive; a version that only knows 1 would
# refuse it as an unexpected member, so it is told to update instead.
FORMAT_VERSION = 2
ARCHIVE_PREFIX = "apure-sauvegarde-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DATABASE = "database.json"
STORE = "decp.duckdb"
LEDGER = "decp-suivis.duckdb"
MEDIA = "media"
# Rebuilt by `migrate` from the code (the dump refers to them by natural keys); the search
# index, derived from the rows, is rebuilt after loading them; sessions are throwaway: people
# simply log in again after a restore.
NOT_SAVED = ("contenttypes", "auth.permission", "sessions", "search")
# Shipped with the code and reloaded as they are by `load_reference`: such rows alone do not
# make a restore target "non-empty".
SHIPPED_APPS = {"reference"}
CHUNK = 4 * 1024 * 1024


class BackupError(Exception):
    """A failure explained in French to the operator."""


def saved_models() -> list:
    """The models whose rows the archive holds (many-to-many rows travel with their owner)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in NOT_SAVED
        and model._meta.label_lower not in NOT_SAVED
    ]


def database_counts(existing_only: bool = False) -> dict[str, int]:
    """Rows per saved model; with existing_only, models whose table is missing (a database
    not migrated yet) are left out instead of failing."""
    connection = connections[DEFAULT_DB_ALIAS]
    tables = set(connection.introspection.table_names()) if existing_only else None
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in saved_models()
        if tables is None or model._meta.db_table in tables
    }


def applied_migrations() -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    applied = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return [path for path in sorted(root.rglob("*")) if path.is_file()]


def _versions() -> dict:
    return {
        "apure": metadata.version("apure"),
        "django": django.get_version(),
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
        "database_engine": connections[DEFAULT_DB_ALIAS].vendor,
    }


class _Hashing:
    """A file reader that computes the SHA-256 of what passes through it."""

    def __init__(self, handle, progress):
        self.handle = handle
        self.progress = progress
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        if chunk and self.progress is not None:
            self.progress(len(chunk))
        return chunk

    def describe(self) -> dict:
        return {"sha256": self.digest.hexdigest(), "bytes": self.size}


# Backup ------------------------------------------------------------------------------------


def _dump_database(path: Path) -> tuple[dict, dict]:
    """Write the app database to `path`; returns (rows per model, applied migrations), all
    read in the same transaction as the dump."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Must be the transaction's first statement: one snapshot for every table.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = database_counts()
        migrations = applied_migrations()
        call_command(
            "dumpdata",
            exclude=list(NOT_SAVED),
            natural_foreign=True,
            use_base_manager=True,
            format="json",
            output=str(path),
            verbosity=0,
        )
    return counts, migrations


def _store_contracts(path: Path) -> int:
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise BackupError(f"L'entrepôt DECP ne s'ouvre pas\u00a0: {error}.") from error
    try:
        return connection.execute("SELECT count(*) FROM contracts").fetchone()[0]
    finally:
        connection.close()


def _copy_store(copy: Path) -> int | None:
    """Copy the served store to `copy` and return its number of contracts (None: no store).

    The importer never writes into the served file: it builds the next version beside it and
    renames it over (os.replace). A descriptor opened on the file therefore reads one complete
    version to the end, even if an import swaps a new one in meanwhile; no need to wait for
    the import lock, which an import holds for its whole run. Opening the copy with DuckDB
    proves the archive holds a usable store."""
    try:
        source = open(store.analytics_path(), "rb")  # noqa: SIM115 (closed just below)
    except FileNotFoundError:
        return None
    with source, open(copy, "wb") as target:
        shutil.copyfileobj(source, target, CHUNK)
    return _store_contracts(copy)


def _copy_ledger(copy: Path) -> int | None:
    """Copy the follows' ledger (apure/follow/ledger.py: which contract was first seen in which
    import) and return its number of keys (None: no ledger yet)."""
    try:
        return ledger.copy_to(copy)
    except duckdb.Error as error:
        raise BackupError(f"Le registre des suivis ne s'ouvre pas\u00a0: {error}.") from error


def _add_file(tar, path: Path, name: str, progress) -> dict:
    with open(path, "rb") as handle:
        info = tar.gettarinfo(arcname=name, fileobj=handle)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(handle, progress)
        tar.addfile(info, reader)
    return reader.describe()


def _add_bytes(tar, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o644
    with tempfile.SpooledTemporaryFile() as handle:
        handle.write(data)
        handle.seek(0)
        tar.addfile(info, handle)


def create_backup(dest=None, progress=None) -> dict:
    """Write one archive into `dest` (settings.BACKUP_DIR by default); returns its summary.

    The database is dumped first, the media copied after it: every file the dumped rows
    refer to was there when they were read (a file uploaded later is merely extra)."""
    started = time.monotonic()
    created_at = datetime.now(UTC)
    dest = Path(dest or settings.BACKUP_DIR)
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / f"{ARCHIVE_PREFIX}{created_at:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"
    if archive.exists():
        raise BackupError(f"L'archive {archive} existe déjà.")
    partial = archive.with_name(f".{archive.name}.part")
    staging = Path(tempfile.mkdtemp(prefix=".apure-sauvegarde-", dir=dest))
    try:
        database_rows, migrations = _dump_database(staging / DATABASE)
        contracts = _copy_store(staging / STORE)
        followed = _copy_ledger(staging / LEDGER)
        files = {}
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            files[DATABASE] = _add_file(tar, staging / DATABASE, DATABASE, progress)
            (staging / DATABASE).unlink()
            if contracts is not None:
                files[STORE] = _add_file(tar, staging / STORE, STORE, progress)
                (staging / STORE).unlink()
            if followed is not None:
                files[LEDGER] = _add_file(tar, staging / LEDGER, LEDGER, progress)
                (staging / LEDGER).unlink()
            media_root = Path(settings.MEDIA_ROOT)
            for path in media_files():
                name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                try:
                    files[name] = _add_file(tar, path, name, progress)
                except FileNotFoundError:  # deleted since listed: not referred to any more
                    continue
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": created_at.isoformat(timespec="seconds"),
                "versions": _versions(),
                "migrations": migrations,
                "counts": {
                    "database": database_rows,
                    "contracts": contracts,
                    "followed_contracts": followed,
                    "media_files": sum(name.startswith(MEDIA + "/") for name in files),
                },
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        os.replace(partial, archive)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        partial.unlink(missing_ok=True)
    return _summary(manifest, archive, started, bytes=archive.stat().st_size)


def _summary(manifest: dict, archive: Path, started: float, **extra) -> dict:
    counts = manifest["counts"]
    return {
        "archive": str(archive),
        "created_at": manifest["created_at"],
        "database_engine": manifest["versions"]["database_engine"],
        "database_objects": sum(counts["database"].values()),
        "contracts": counts["contracts"],
        "followed_contracts": counts.get("followed_contracts"),
        "media_files": counts["media_files"],
        **extra,
        "seconds": round(time.monotonic() - started, 3),
    }


def prune(dest, keep: int) -> list[str]:
    """Delete the oldest archives of `dest` beyond the `keep` newest; returns their names."""
    archives = sorted(Path(dest).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return [path.name for path in removed]


# Restore -----------------------------------------------------------------------------------


def target_contents() -> list[str]:
    """What the target instance already holds, in French; empty when a restore may proceed
    without --force."""
    found = []
    rows = sum(
        number
        for label, number in database_counts(existing_only=True).items()
        if label.split(".")[0] not in SHIPPED_APPS
    )
    if rows:
        found.append(f"{count(rows, 'enregistrement')} dans la base de l'application")
    if store.is_available():
        found.append("un entrepôt DECP")
    media = len(media_files())
    if media:
        found.append(count(media, "fichier déposé", "fichiers déposés"))
    return found


@dataclass
class _Staging:
    """Where the archive is unpacked: beside each destination, so that it is put in place by
    a rename (same file system), and nothing of the target changes before it is verified."""

    directory: Path
    store: Path
    ledger: Path
    media: Path

    @classmethod
    def beside_targets(cls):
        run = uuid.uuid4().hex[:8]
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        target = store.analytics_path()
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        return cls(
            directory=Path(tempfile.mkdtemp(prefix=".restauration-", dir=data_dir)),
            store=target.with_name(f".{target.name}.restauration-{run}"),
            ledger=target.with_name(f".{ledger.ledger_path().name}.restauration-{run}"),
            media=media_root.with_name(f".{media_root.name}.restauration-{run}"),
        )

    def path_of(self, name: str) -> Path | None:
        """Where a member goes, or None for a name that a backup never writes."""
        parts = PurePosixPath(name).parts
        if ".." in parts or PurePosixPath(name).is_absolute():
            return None
        if name == DATABASE:
            return self.directory / DATABASE
        if name == STORE:
            return self.store
        if name == LEDGER:
            return self.ledger
        if len(parts) > 1 and parts[0] == MEDIA:
            return self.media.joinpath(*parts[1:])
        return None

    def remove(self):
        shutil.rmtree(self.directory, ignore_errors=True)
        shutil.rmtree(self.media, ignore_errors=True)
        self.store.unlink(missing_ok=True)
        self.ledger.unlink(missing_ok=True)


def _unpack(archive: Path, staging: _Staging, progress) -> dict:
    """Extract every member to its staging place; returns the manifest once every checksum
    it lists matches what was extracted."""
    manifest, found = None, {}
    staging.media.mkdir()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isfile():
                    manifest = json.load(tar.extractfile(member))
                    continue
                path = staging.path_of(member.name)
                if path is None or not member.isfile():
                    raise BackupError(f"Élément inattendu dans l'archive\u00a0: « {member.name} ».")
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as out:
                    reader = _Hashing(tar.extractfile(member), progress)
                    shutil.copyfileobj(reader, out, CHUNK)
                found[member.name] = reader.describe()
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as error:
        raise BackupError(f"Archive illisible ou tronquée\u00a0: {error}.") from error
    if manifest is None:
        raise BackupError(
            "L'archive n'a pas de manifeste\u00a0: ce n'est pas une sauvegarde apure."
        )
    _verify(manifest, found)
    return manifest


def _verify(manifest: dict, found: dict) -> None:
    if manifest.get("format", 0) > FORMAT_VERSION:
        raise BackupError(
            "Cette sauvegarde a été faite par une version plus récente d'apure\u00a0: "
            "installez-la avant de restaurer."
        )
    listed = manifest.get("files", {})
    missing = sorted(set(listed) - set(found))
    if missing:
        raise BackupError(f"L'archive est incomplète\u00a0: il manque « {missing[0]} ».")
    for name, facts in found.items():
        expected = listed.get(name)
        if expected is None:
            raise BackupError(f"« {name} » figure dans l'archive mais pas dans son manifeste.")
        if expected["sha256"] != facts["sha256"]:
            raise BackupError(
                f"L'archive est altérée\u00a0: la somme de contrôle de « {name} » ne correspond "
                "pas au manifeste."
            )


def _check_migrations(manifest: dict) -> None:
    """Rows saved by a newer version may not fit this version's tables: refuse."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app_label}.{name}"
        for app_label, names in manifest["migrations"].items()
        for name in names
        if (app_label, name) not in known
    ]
    if unknown:
        raise BackupError(
            "Cette sauvegarde vient d'une version plus récente d'apure (migrations "
            f"inconnues\u00a0: {', '.join(unknown[:3])})\u00a0: installez cette version avant de "
            "restaurer."
        )


def _restore_database(dump: Path, expected: dict) -> None:
    """Bring the schema up to date, then replace every saved row by the archive's, in one
    transaction: a failed load leaves the database as it was."""
    call_command("migrate", interactive=False, verbosity=0)
    try:
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)
            for model in search_index.registered_models():
                search.reindex(model)
            restored = database_counts()
            if restored != expected:
                differences = [
                    label
                    for label in sorted(set(restored) | set(expected))
                    if restored.get(label, 0) != expected.get(label, 0)
                ]
                raise BackupError(
                    "La base restaurée ne correspond pas au manifeste "
                    f"({', '.join(differences[:5])})\u00a0: rien n'a été modifié."
                )
    except (CommandError, DeserializationError, DatabaseError) as error:
        raise BackupError(
            f"La base n'a pas pu être chargée ({error})\u00a0: rien n'a été modifié. Une "
            "sauvegarde faite par une version antérieure d'apure se restaure avec cette "
            "version-là, avant de mettre à jour."
        ) from error


def _restore_store(staged: Path | None, expected_contracts: int | None) -> None:
    """Put the archived store in place with one rename, like an import; without one in the
    archive, the target ends without a store too. Called under the import lock."""
    target = store.analytics_path()
    if staged is not None and _store_contracts(staged) != expected_contracts:
        raise BackupError("L'entrepôt DECP de l'archive ne correspond pas au manifeste.")
    store.close()
    if staged is None:
        target.unlink(missing_ok=True)
    else:
        os.replace(staged, target)


def _check_ledger(staged: Path | None, expected_keys: int | None) -> None:
    """Before anything is replaced: the archived ledger opens and holds what the manifest
    says."""
    if staged is None:
        return
    try:
        keys = ledger.keys_count(staged)
    except duckdb.Error as error:
        raise BackupError(
            f"Le registre des suivis de l'archive ne s'ouvre pas\u00a0: {error}."
        ) from error
    if keys != expected_keys:
        raise BackupError("Le registre des suivis de l'archive ne correspond pas au manifeste.")


def _restore_media(staged: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    previous = media_root.with_name(f".{media_root.name}.ancien-{uuid.uuid4().hex[:8]}")
    if media_root.exists():
        media_root.rename(previous)
    staged.rename(media_root)
    shutil.rmtree(previous, ignore_errors=True)


def restore_backup(archive, force: bool = False, progress=None) -> dict:
    """Restore an archive into this instance (settings' database, store and media)."""
    started = time.monotonic()
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Archive introuvable\u00a0: {archive}.")
    found = target_contents()
    if found and not force:
        raise BackupError(
            f"La cible n'est pas vide ({', '.join(found)})\u00a0: relancez avec --force pour la "
            "remplacer par le contenu de la sauvegarde."
        )
    target = store.analytics_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # No import may swap a store in while the archive's is put in place.
        with import_lock(target, timeout=0):
            staging = _Staging.beside_targets()
            try:
                manifest = _unpack(archive, staging, progress)
                _check_migrations(manifest)
                counts = manifest["counts"]
                # An archive made before the ledger was saved has none: the target ends
                # without one too (the next `follow_notify` is a baseline, no flood).
                staged_ledger = staging.ledger if LEDGER in manifest["files"] else None
                _check_ledger(staged_ledger, counts.get("followed_contracts"))
                _restore_database(staging.directory / DATABASE, counts["database"])
                has_store = STORE in manifest["files"]
                _restore_store(staging.store if has_store else None, counts["contracts"])
                ledger.replace_with(staged_ledger)
                _restore_media(staging.media)
            finally:
                staging.remove()
    except ImportBusy as error:
        raise BackupError("Un import DECP est en cours\u00a0: relancez après sa fin.") from error
    return _summary(manifest, archive, started, replaced=found)
