from django.core.management.base import BaseCommand

from apure.reuse import factors
from apure.reuse.models import ImpactFactor


class Command(BaseCommand):
    help = "Réemploi\u00a0: ajoute les facteurs d'émission livrés qui manquent (n'écrase rien)."

    def handle(self, *args, **options):
        created = factors.load_shipped(ImpactFactor)
        self.stdout.write(f"{created} facteur(s) ajouté(s).")
