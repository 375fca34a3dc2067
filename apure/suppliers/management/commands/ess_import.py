import json

from django.core.management.base import BaseCommand, CommandError

from apure.suppliers.importer import ImportFileError, merge


class Command(BaseCommand):
    help = (
        "Importe des fournisseurs inclusifs (schéma « structure » de data·inclusion en JSON ou "
        "CSV, ou CSV simple avec une colonne siret) et les fusionne dans l'annuaire par SIRET."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier JSON, JSON lines ou CSV")
        parser.add_argument("--dry-run", action="store_true", help="montrer sans enregistrer")
        parser.add_argument("--json", action="store_true", help="rapport au format JSON")

    def handle(self, *args, **options):
        try:
            report = merge(options["path"], dry_run=options["dry_run"])
        except ImportFileError as error:
            raise CommandError(f"Import refusé, rien n'est modifié\u00a0: {error}.") from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, default=str))
            return
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Essai à blanc\u00a0: rien n'est enregistré.")
