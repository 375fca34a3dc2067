import json
import sys

from django.core.management.base import BaseCommand, CommandError

from apure.decp.fetch import fetch_all
from apure.decp.importer import ImportBusy, run_import
from apure.decp.report import import_summary


class Command(BaseCommand):
    help = "Télécharge les fichiers nationaux DECP (data.gouv.fr) et les importe."

    def add_arguments(self, parser):
        parser.add_argument("--url", action="append", help="adresse à la place des réglages")
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")

    def handle(self, *args, **options):
        downloads, paths = fetch_all(options["url"])
        summary = {"downloads": downloads}
        if paths:
            try:
                summary.update(run_import(paths, on_wait=self.stderr.write))
            except ImportBusy as error:
                raise CommandError(f"Import impossible\u00a0: {error}.") from error
        failed = [d for d in downloads if d["status"] == "error"]
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
        else:
            for item in downloads:
                if item["status"] == "ok":
                    self.stdout.write(f"Téléchargé\u00a0: {item['url']} → {item['path']}")
                else:
                    self.stdout.write(f"ÉCHEC {item['error']}")
            if paths:
                for line in import_summary(summary, "Import DECP\u00a0:"):
                    self.stdout.write(line)
        if failed or any(f["status"] == "error" for f in summary.get("files", [])):
            sys.exit(1)
