import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apure.decp.report import count, decimal
from apure.operations.backup import BackupError, create_backup, prune

from ._progress import byte_progress


def size_in_megabytes(size: int) -> str:
    return f"{decimal(size / 1024 / 1024)} Mo"


class Command(BaseCommand):
    help = (
        "Sauvegarde dans une archive unique la base de l'application, l'entrepôt DECP et les "
        "fichiers déposés, pendant que le site tourne."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dest", help="dossier de l'archive (par défaut APURE_BACKUP_DIR)", default=None
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="ne garder que les N archives les plus récentes du dossier",
        )
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep attend un entier positif.")
        try:
            with byte_progress("Sauvegarde", not options["json"]) as progress:
                summary = create_backup(options["dest"], progress=progress)
        except BackupError as error:
            raise CommandError(f"Sauvegarde impossible\u00a0: {error}") from error
        if options["keep"] is not None:
            summary["removed"] = prune(Path(summary["archive"]).parent, options["keep"])
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"Sauvegarde terminée en {decimal(summary['seconds'])} s\u00a0: {summary['archive']} "
            f"({size_in_megabytes(summary['bytes'])})."
        )
        for line in describe(summary):
            self.stdout.write(line)
        for name in summary.get("removed", []):
            self.stdout.write(f"  ancienne archive supprimée\u00a0: {name}")


def describe(summary: dict) -> list[str]:
    """The contents of an archive, in French (shared with `apure restore`)."""
    contracts = summary["contracts"]
    followed = summary.get("followed_contracts")
    return [
        f"  base de l'application ({summary['database_engine']})\u00a0: "
        f"{count(summary['database_objects'], 'enregistrement')}",
        "  entrepôt DECP\u00a0: " + ("absent" if contracts is None else count(contracts, "marché")),
        "  registre des suivis\u00a0: "
        + ("absent" if followed is None else count(followed, "marché vu", "marchés vus")),
        f"  {count(summary['media_files'], 'fichier déposé', 'fichiers déposés')}",
    ]
