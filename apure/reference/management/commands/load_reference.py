from django.core.management.base import BaseCommand

from apure.reference.loaders import load_all


class Command(BaseCommand):
    help = "Charge les référentiels (CPV, géographie INSEE, catégories juridiques)."

    def handle(self, *args, **options):
        for result in load_all():
            self.stdout.write(f"{result.name}\u00a0: {result.rows}")
