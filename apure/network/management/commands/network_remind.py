import json

from django.core.management.base import BaseCommand

from apure.network import registrations


class Command(BaseCommand):
    help = (
        "Envoie le rappel de la veille aux personnes inscrites (place confirmée) aux "
        "événements de demain, une seule fois chacune. À lancer chaque jour "
        "(minuteur deploy/apure-network-remind.timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="résumé au format JSON")

    def handle(self, *args, **options):
        sent = registrations.send_reminders()
        if options["json"]:
            self.stdout.write(json.dumps({"reminders": sent}))
        else:
            self.stdout.write(f"{sent} rappel(s) envoyé(s) pour les événements de demain.")
