import json
import sys

from django.core.management.base import BaseCommand, CommandError

from apure.decp.importer import ImportBusy, run_import
from apure.decp.report import count, decimal, import_summary


class Command(BaseCommand):
    help = "Importe des fichiers DECP (JSON, XML, CSV, Parquet, compressés ou non) ou des dossiers."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="fichiers ou dossiers à importer")
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")
        parser.add_argument("--workers", type=int, default=None, help="processus d'analyse")
        parser.add_argument(
            "--force",
            action="store_true",
            help="relire aussi les fichiers déjà importés (après une mise à jour des règles de "
            "nettoyage)\u00a0: leurs enregistrements remplacent ceux de l'import précédent",
        )

    def handle(self, *args, **options):
        progress = None
        bar = None
        if sys.stderr.isatty() and not options["json"]:
            from tqdm import tqdm

            bar = tqdm(unit=" enr.", desc="Import DECP", file=sys.stderr)

            def progress(count, name=None):
                bar.update(count)
                if name:
                    bar.set_postfix_str(name)

        try:
            summary = run_import(
                options["paths"],
                workers=options["workers"],
                progress=progress,
                force=options["force"],
                on_wait=self.stderr.write,
            )
        except ImportBusy as error:
            raise CommandError(f"Import impossible\u00a0: {error}.") from error
        finally:
            if bar is not None:
                bar.close()
        # The pooling pages' copy of the new store, built now rather than by their first visitor.
        from apure.pooling import derived

        derived.prepare()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
        else:
            title = f"Import DECP terminé en {decimal(summary['seconds'])} s."
            for line in import_summary(summary, title):
                self.stdout.write(line)
        failed = [item for item in summary["files"] if item["status"] == "error"]
        if failed:
            if not options["json"]:
                failures = count(len(failed), "fichier en échec", "fichiers en échec")
                self.stderr.write(f"{failures}\u00a0:")
                for item in failed:
                    self.stderr.write(f"  {item['error']}")
            sys.exit(1)
