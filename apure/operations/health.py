"""Health of a running instance. `run_checks` computes every check; the /sante/ view and
`apure health` only present its result.

Each check says ok, degraded (the site serves, something needs an operator) or error (the site
cannot serve). Messages are French and name no path, host or secret: the endpoint is public.
The details of a failure go to the log (journald in production)."""

import logging
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import duckdb
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from apure.decp import store
from apure.decp.report import count

logger = logging.getLogger(__name__)

OK, DEGRADED, ERROR = "ok", "degraded", "error"
SEVERITY = {OK: 0, DEGRADED: 1, ERROR: 2}


@dataclass(frozen=True)
class Check:
    status: str
    message: str
    value: object = None  # a figure for monitoring: a count, megabytes, a date


def check_database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health: the app database does not answer")
        return Check(ERROR, "la base de l'application ne répond pas")
    return Check(OK, "la base de l'application répond")


def check_migrations() -> Check:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.exception("health: cannot read the migration state")
        return Check(ERROR, "état des migrations illisible")
    if plan:
        return Check(
            ERROR,
            f"{count(len(plan), 'migration')} à appliquer (apure migrate)",
            len(plan),
        )
    return Check(OK, "toutes les migrations sont appliquées", 0)


def _store_figures():
    """(contracts, last import as (finished_at, status) or None); None without a store."""
    cursor = store.cursor()
    if cursor is None:
        return None
    try:
        contracts = cursor.execute("SELECT count(*) FROM contracts").fetchone()[0]
        last = cursor.execute(
            "SELECT finished_at, status FROM imports ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    finally:
        cursor.close()
    return contracts, last


def check_store(figures) -> Check:
    if figures is None:
        return Check(DEGRADED, "aucun import DECP\u00a0: l'observatoire est vide", 0)
    contracts = figures[0]
    return Check(OK, f"lisible, {count(contracts, 'marché')}", contracts)


def check_last_import(figures, now: datetime) -> Check:
    """Date and status of the last import that brought data (the ledger of the store: an
    import that found nothing new is not recorded), and whether it is too old."""
    if figures is None or figures[1] is None:
        return Check(DEGRADED, "aucun import DECP enregistré")
    finished_at, status = figures[1]
    # The ledger holds naive UTC times (apure/decp/importer.py).
    age_days = (now - finished_at.replace(tzinfo=UTC)).days
    value = {"finished_at": finished_at.isoformat(timespec="seconds"), "status": status}
    when = f"dernier import le {finished_at:%d/%m/%Y} (UTC)"
    limit = settings.HEALTH_MAX_IMPORT_AGE_DAYS
    if age_days > limit:
        return Check(
            DEGRADED,
            f"{when}, il y a {count(age_days, 'jour')}\u00a0: plus de {count(limit, 'jour')}",
            value,
        )
    if status == "partial":
        return Check(DEGRADED, f"{when}\u00a0: partiel, des fichiers étaient illisibles", value)
    return Check(OK, when, value)


def check_disk() -> Check:
    try:
        free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    except OSError:
        logger.exception("health: cannot read the free space of the data directory")
        return Check(ERROR, "espace disque du dossier de données illisible")
    limit = settings.HEALTH_MIN_FREE_DISK_MB
    message = f"{free_mb} Mo libres dans le dossier de données"
    if free_mb < limit:
        return Check(DEGRADED, f"{message} (moins de {limit} Mo)", free_mb)
    return Check(OK, message, free_mb)


def run_checks(now: datetime | None = None) -> dict:
    """{"status": the worst status, "checks": {name: {status, message, value}}}."""
    now = now or datetime.now(UTC)
    checks = {"database": check_database()}
    if checks["database"].status == OK:
        checks["migrations"] = check_migrations()
    try:
        figures = _store_figures()
    except duckdb.Error:
        logger.exception("health: the analytical store does not open")
        checks["store"] = Check(ERROR, "l'entrepôt DECP ne s'ouvre pas")
    else:
        checks["store"] = check_store(figures)
        checks["last_import"] = check_last_import(figures, now)
    checks["disk"] = check_disk()
    worst = max((check.status for check in checks.values()), key=SEVERITY.__getitem__)
    return {"status": worst, "checks": {name: asdict(check) for name, check in checks.items()}}
