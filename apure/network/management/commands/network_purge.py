import json

from django.conf import settings
from django.core.management.base import BaseCommand

from apure.network.retention import purge


class Command(BaseCommand):
    help = (
        "Supprime les inscriptions aux événements passés depuis plus de NETWORK_RETENTION_DAYS "
        "jours, ainsi que les inscriptions et les abonnements à la lettre jamais confirmés par "
        "e-mail, et les notifications des groupes envoyées depuis plus de "
        "NETWORK_UNCONFIRMED_RETENTION_DAYS jours. À lancer chaque jour (cron)."
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
            f"{settings.NETWORK_RETENTION_DAYS} jours, {counts['unconfirmed_registrations']} "
            f"inscription(s) jamais confirmée(s) par e-mail, {counts['subscribers']} "
            f"abonnement(s) non confirmé(s) et {counts['notifications']} notification(s) "
            "envoyée(s) supprimés."
        )
