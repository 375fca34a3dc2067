"""The exchange's daily run: expire unanswered requests, then e-mail saved searches their new
lots. Schedule it once a day (cron or a systemd timer, like `network_purge`)."""

from django.core.management.base import BaseCommand

from apure.reuse import alerts, workflow


class Command(BaseCommand):
    help = "Réemploi\u00a0: expire les demandes sans réponse et envoie les alertes de recherche."

    def handle(self, *args, **options):
        expired = workflow.expire_unanswered()
        sent = alerts.send_saved_searches()
        self.stdout.write(f"{expired} demande(s) expirée(s), {sent} alerte(s) envoyée(s).")
