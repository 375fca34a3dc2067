"""`apure carbon_import PATH`: monetary ratios from the official Base Carbone export."""

import json

from django.core.management.base import BaseCommand, CommandError

from apure.carbon import importer


class Command(BaseCommand):
    help = (
        "Importe les ratios monétaires (kgCO2e/k€ HT) de l'export officiel Base Carbone / "
        "Base Empreinte (CSV de data.ademe.fr)\u00a0: remplace les ratios des mêmes secteurs et "
        "années, et rend compte des changements et des refus."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier CSV de l'export (séparateur «\u00a0; »)")
        parser.add_argument(
            "--dry-run", action="store_true", help="lit et rend compte sans rien enregistrer"
        )
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args, **options):
        try:
            report = importer.read(options["path"], dry_run=options["dry_run"])
        except importer.UnreadableFile as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report.lines()))
        if not report.monetary:
            raise CommandError("Aucun ratio monétaire (unité « kgCO2e/keuro (AAAA) HT ») lu.")
