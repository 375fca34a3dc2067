import json

from django.core.management.base import BaseCommand, CommandError

from apure.follow import follow, outbox, reports
from apure.network.outbox import SendingError


class Command(BaseCommand):
    help = (
        "Après un import DECP\u00a0: prépare le récapitulatif des suivis de l'observatoire (un "
        "e-mail par personne pour tout ce qu'elle suit), puis envoie les e-mails de "
        "l'observatoire en attente (récapitulatifs, signalements d'erreur), par lots\u00a0; "
        "reprend après une interruption sans rien envoyer deux fois. Sans nouvel import, n'envoie "
        "que ce qui attend."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="résumé au format JSON")

    def handle(self, *args, **options):
        purged = reports.purge_unconfirmed()
        queued = follow.queue_digests()
        try:
            totals = outbox.send_pending()
        except SendingError as error:
            raise CommandError(str(error)) from error
        totals.update(queued, purged_reports=purged)
        if options["json"]:
            self.stdout.write(json.dumps(totals))
            return
        imports = ", ".join(queued["runs"]) or "aucun"
        self.stdout.write(f"Imports traités\u00a0: {imports}.")
        self.stdout.write(f"{queued['queued']} récapitulatif(s) préparé(s).")
        self.stdout.write(f"{totals['sent']} e-mail(s) envoyé(s).")
        if totals["uncertain"]:
            self.stdout.write(
                f"{totals['uncertain']} envoi(s) interrompu(s) en cours d'échange\u00a0: "
                "ils ne seront pas renvoyés."
            )
