"""`apure load_clauses`: (re)load the shipped clause library, keeping facilitators' edits."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...library import DATA_DIR, LibraryError, load_library


class Command(BaseCommand):
    help = (
        "Charge la bibliothèque de clauses livrée (segments et clauses), sans écraser les "
        "clauses modifiées par l'animation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossier", default=str(DATA_DIR), help="dossier de la bibliothèque")
        parser.add_argument("--json", action="store_true", help="rapport JSON")

    def handle(self, *args, **options):
        def progress(items):
            return tqdm(items, desc="Clauses", disable=not sys.stderr.isatty(), leave=False)

        try:
            report = load_library(Path(options["dossier"]), progress=progress)
        except LibraryError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.summary())
