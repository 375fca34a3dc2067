import argparse
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apure.network import newsletter
from apure.network.models import Delivery, DeliveryStatus, Issue, IssueStatus


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"taille de lot invalide\u00a0: « {text} » (entier positif attendu)"
        )
    return value


class Command(BaseCommand):
    help = (
        "Envoie les lettres d'information en attente, par lots sur une connexion SMTP. "
        "Reprend après une interruption sans rien envoyer deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--issue", type=int, help="numéro de la lettre à envoyer")
        parser.add_argument(
            "--batch-size", type=_positive, help="messages par connexion SMTP (entier positif)"
        )
        parser.add_argument("--json", action="store_true", help="résumé au format JSON")

    def handle(self, *args, **options):
        if options["issue"] is not None:
            issue = Issue.objects.filter(pk=options["issue"]).first()
            if issue is None:
                raise CommandError(f"La lettre n° {options['issue']} n'existe pas.")
            if issue.status == IssueStatus.SENT:
                raise CommandError(f"La lettre « {issue.subject} » a déjà été envoyée.")
            if issue.status == IssueStatus.DRAFT:
                try:
                    newsletter.queue(issue)
                except newsletter.NewsletterError as error:
                    raise CommandError(str(error)) from error
            issues = Issue.objects.filter(pk=issue.pk, status=IssueStatus.SENDING)
        else:
            # Issues programmed for now or earlier start here (run the command from cron).
            for issue in newsletter.due_issues():
                try:
                    newsletter.queue(issue)
                except newsletter.NewsletterError as error:
                    raise CommandError(str(error)) from error
            issues = Issue.objects.filter(status=IssueStatus.SENDING)
        pending = Delivery.objects.filter(issue__in=issues, status=DeliveryStatus.PENDING).count()
        progress = tqdm(
            total=pending, unit="message", disable=not sys.stderr.isatty() or options["json"]
        )
        try:
            totals = newsletter.send_pending(
                issues, batch_size=options["batch_size"], progress=progress
            )
        except newsletter.NewsletterError as error:
            raise CommandError(str(error)) from error
        finally:
            progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(totals))
        else:
            self.stdout.write(
                f"{totals['sent']} message(s) envoyé(s) pour {totals['issues']} lettre(s)."
            )
            if totals["uncertain"]:
                self.stdout.write(
                    f"{totals['uncertain']} envoi(s) interrompu(s) en plein échange SMTP ne sont "
                    "pas renvoyés, pour ne rien envoyer deux fois (voir l'administration)."
                )
