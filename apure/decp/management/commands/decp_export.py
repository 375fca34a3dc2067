import json

from django.core.management.base import BaseCommand, CommandError

from apure.decp.export_parquet import ExportError, export
from apure.decp.report import count


class Command(BaseCommand):
    help = (
        "Exporte les contrats servis et leurs titulaires en Parquet, partitionnés par année "
        "(disposition Hive), avec un document de schéma, pour tout moteur (DuckDB, Spark, Trino)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--parquet",
            required=True,
            metavar="DOSSIER",
            help="dossier de l'export (créé\u00a0; un export précédent y est remplacé)",
        )
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")

    def handle(self, *args, **options):
        try:
            schema = export(options["parquet"])
        except ExportError as error:
            raise CommandError(f"Export impossible\u00a0: {error}.") from error
        if options["json"]:
            self.stdout.write(json.dumps(schema, ensure_ascii=False))
            return
        tables = schema["tables"]
        contracts = count(tables["contracts"]["rows"], "contrat", "contrats")
        holders = count(tables["holders"]["rows"], "titulaire", "titulaires")
        self.stdout.write(
            f"Export Parquet terminé\u00a0: {contracts} et {holders} dans {options['parquet']} "
            "(partitions par année, schéma dans schema.json)."
        )
