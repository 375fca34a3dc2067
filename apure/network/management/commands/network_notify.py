import json

from django.core.management.base import BaseCommand, CommandError

from apure.network import notifications, outbox


class Command(BaseCommand):
    help = (
        "Envoie les notifications des groupes de travail en attente (nouvelles questions, "
        "réponses, résumé de la semaine), par lots\u00a0; reprend après une interruption sans rien "
        "envoyer deux fois. Avec --digest, prépare d'abord le résumé de la semaine "
        "(à lancer une fois par semaine, p. ex. le lundi matin)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="prépare le résumé de la semaine")
        parser.add_argument("--json", action="store_true", help="résumé au format JSON")

    def handle(self, *args, **options):
        queued = notifications.queue_digest() if options["digest"] else 0
        try:
            totals = notifications.send_pending()
        except outbox.SendingError as error:
            raise CommandError(str(error)) from error
        totals["digests"] = queued
        if options["json"]:
            self.stdout.write(json.dumps(totals))
            return
        self.stdout.write(f"{totals['sent']} notification(s) envoyée(s).")
        if totals["uncertain"]:
            self.stdout.write(
                f"{totals['uncertain']} envoi(s) interrompu(s) en cours d'échange\u00a0: "
                "ils ne seront pas renvoyés."
            )
