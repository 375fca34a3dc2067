from django.core.management.base import BaseCommand, CommandError

from apure.reporting import agec
from apure.reporting.models import AgecDeclaration

from ._body import body


class Command(BaseCommand):
    help = (
        "Déclaration AGEC (art. 58) d'une structure pour une année, au format du schéma "
        "officiel de data.gouv.fr (CSV, sur la sortie standard par défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", required=True, help="SIREN de la structure")
        parser.add_argument("--year", required=True, type=int, help="année civile des dépenses")
        parser.add_argument("--output", help="chemin du fichier CSV à écrire")

    def handle(self, *args, **options):
        organisation = body(options["body"])
        declaration = (
            AgecDeclaration.objects.filter(organisation=organisation, year=options["year"])
            .select_related("organisation")
            .first()
        )
        if declaration is None:
            raise CommandError(
                f"{organisation.name} n'a pas de déclaration AGEC {options['year']} dans apure."
            )
        problems = agec.export_problems(declaration)
        if problems:
            raise CommandError(" ".join(problems))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as output:
                agec.write_csv(declaration, output)
        else:
            agec.write_csv(declaration, self.stdout)
        for label in agec.incomplete_categories(declaration):
            self.stderr.write(f"Catégorie incomplète, non exportée\u00a0: {label}")
