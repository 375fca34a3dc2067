import json

from django.core.management.base import BaseCommand, CommandError

from apure.decp.report import decimal
from apure.operations.backup import BackupError, restore_backup

from ._progress import byte_progress
from .backup import describe


class Command(BaseCommand):
    help = (
        "Restaure une archive faite par « apure backup »\u00a0: base de l'application (SQLite ou "
        "PostgreSQL), entrepôt DECP et fichiers déposés."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="archive .tar.gz faite par « apure backup »")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplacer le contenu d'une instance qui n'est pas vide",
        )
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")

    def handle(self, *args, **options):
        try:
            with byte_progress("Restauration", not options["json"]) as progress:
                summary = restore_backup(
                    options["archive"], force=options["force"], progress=progress
                )
        except BackupError as error:
            raise CommandError(f"Restauration impossible\u00a0: {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"Restauration terminée en {decimal(summary['seconds'])} s\u00a0: sauvegarde du "
            f"{summary['created_at']}."
        )
        for line in describe(summary):
            self.stdout.write(line)
        if summary["replaced"]:
            self.stdout.write(f"  contenu remplacé\u00a0: {', '.join(summary['replaced'])}")
