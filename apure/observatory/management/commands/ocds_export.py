"""`apure ocds_export`: the contracts of the store as one OCDS 1.1 release package (a file)."""

import gzip
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apure.observatory import ocds
from apure.observatory.filters import Filters

PROGRESS_EVERY_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Exporte les contrats de l'entrepôt en un paquet de publications OCDS 1.1 (release "
        "package, JSON), une publication par contrat, écrit au fil de l'eau (mémoire bornée). "
        "Un chemin terminé par .gz est compressé."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, nargs="+", action="extend", default=[],
                            help="année(s) de notification\u00a0: --year 2024 2025")  # fmt: skip
        parser.add_argument("--region", default="", help="code INSEE de la région, ex. 32")
        parser.add_argument("--departement", default="", help="code du département, ex. 59")
        parser.add_argument("--buyer", default="", help="SIRET de l'acheteur (14 chiffres)")
        parser.add_argument(
            "--output",
            required=True,
            metavar="CHEMIN",
            help="fichier écrit (remplacé à la fin seulement\u00a0; -\u00a0: sortie standard)",
        )
        parser.add_argument("--json", action="store_true", help="résumé en JSON sur stdout")

    def handle(self, *args, **options):
        filters = Filters.build(
            years=options["year"],
            region=options["region"],
            departement=options["departement"],
            buyer=options["buyer"],
        )
        if filters.errors:
            # As `apure indicators`: a script never gets a file for a view it did not ask for.
            raise CommandError(" ".join(
                error.replace(" ignoré\u00a0:", " invalide\u00a0:").replace("ignorée", "invalide")
                for error in filters.errors
            ))  # fmt: skip
        total = ocds.count(filters)
        if total is None:
            raise CommandError("Aucune donnée importée\u00a0: lancez d'abord l'import des DECP.")
        if total == 0:
            raise CommandError(
                "Aucun contrat pour ces filtres\u00a0: un paquet OCDS contient au moins une "
                "publication, aucun fichier n'est écrit."
            )
        site = settings.SITE_URL.rstrip("/")
        query = urlencode(filters.query_items(explicit_region=False))
        uri = f"{site}/api/ocds/marches/" + (f"?{query}" if query else "")
        metadata = ocds.package_metadata(uri, site)
        started = time.monotonic()
        progress = _Progress(total, self.stderr, started)
        releases = ocds.package_releases(filters, published=metadata["publishedDate"],
                                         on_release=progress)  # fmt: skip
        chunks = ocds.stream_package(metadata, releases)
        output = options["output"]
        if output == "-":
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        else:
            _write(Path(output), chunks)
        progress.done()
        summary = {"releases": progress.count, "output": output,
                   "seconds": round(time.monotonic() - started, 2),
                   "filters": ", ".join(filters.description())}  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        elif output != "-":
            self.stdout.write(
                f"Paquet OCDS écrit\u00a0: {summary['releases']} publications "
                f"({summary['filters']}) dans {output} en {summary['seconds']} s."
            )


def _write(path, chunks):
    """Write to a temporary file beside `path`, renamed at the end: no half file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partiel")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(temporary, "wt", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class _Progress:
    """« n / total publications » on stderr, at most once a second (no flood in logs)."""

    def __init__(self, total, stream, started):
        self.total, self.stream, self.count = total, stream, 0
        self.last = started

    def __call__(self, number):
        self.count = number
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            self._print()

    def _print(self):
        share = f" ({100 * self.count / self.total:.0f} %)" if self.total else ""
        self.stream.write(f"{self.count} / {self.total} publications{share}\n")
        self.stream.flush()

    def done(self):
        self._print()
