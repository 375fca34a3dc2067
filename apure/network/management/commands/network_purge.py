import json

from django.conf import settings
from django.core.management.base import BaseCommand

from apure.network.retention import purge


class Command(BaseCommand):
    help = (
        "Supprime les inscriptions aux événements passés depuis plus de NETWORK_RETENTION_DAYS "
        "jours et les abonnements à la lettre jamais confirmés. À lancer chaque jour (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="résumé au format JSON")

    def handle(self, *args, **options):
        counts = purge()
        if options["json"]:
            self.stdout.write(json.dumps(counts))
            return
        self.stdout.write(
            f"{counts['registrations']} inscription(s) aux événements de plus de "
            f"{settings.NETWORK_RETENTION_DAYS} jours et {counts['subscribers']} abonnement(s) "
            "non confirmé(s) supprimés."
        )
