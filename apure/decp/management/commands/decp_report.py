from django.core.management.base import BaseCommand

from apure.decp.report import KNOWN_FIELDS, current, dumps, percent, served_summary


class Command(BaseCommand):
    help = "Chiffres et qualité des données DECP actuellement servies."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")

    def handle(self, *args, **options):
        data = current()
        if data is None:
            if options["json"]:
                self.stdout.write(dumps({"contracts": 0, "records_read": 0, "files": []}))
            else:
                self.stdout.write("Aucune donnée DECP importée pour l'instant.")
            return
        if options["json"]:
            self.stdout.write(dumps(data))
            return
        for line in served_summary(data, "Données DECP servies\u00a0:"):
            self.stdout.write(line)
        self.stdout.write("  Champs renseignés\u00a0:")
        for column, name in KNOWN_FIELDS:
            share = data["known_share"][column]
            if share is not None:
                self.stdout.write(f"    {name}\u00a0: {percent(share)}")
        self.stdout.write("  Marchés par année et format\u00a0:")
        for row in data["by_year_format"]:
            year = row["year"] or "date inconnue"
            self.stdout.write(f"    {year} · {row['format']}\u00a0: {row['contracts']}")
