import json

from django.core.management.base import BaseCommand, CommandError

from apure.reporting import formatting, pdf, spaser
from apure.reporting.models import SpaserScheme

from ._body import body


class Command(BaseCommand):
    help = "Rapport annuel SPASER d'une structure\u00a0: résumé texte (ou JSON) et PDF facultatif."

    def add_arguments(self, parser):
        parser.add_argument("--body", required=True, help="SIREN de la structure")
        parser.add_argument("--year", required=True, type=int, help="année du rapport")
        parser.add_argument("--pdf", help="chemin du PDF à écrire")
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args, **options):
        organisation = body(options["body"])
        scheme = SpaserScheme.objects.filter(organisation=organisation).first()
        if scheme is None:
            raise CommandError(f"{organisation.name} n'a pas encore de SPASER dans apure.")
        content = spaser.report_content(scheme, options["year"])
        if options["pdf"]:
            with open(options["pdf"], "wb") as output:
                output.write(pdf.render(content))
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(content), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{organisation.name} · rapport SPASER {options['year']}")
        for item in content["values"]:
            objective = item.objective
            self.stdout.write(
                f"- {objective.label}\u00a0: {formatting.measure(item.value, objective.unit)} "
                f"(cible {formatting.measure(objective.target_value, objective.unit)} en "
                f"{objective.target_year}) — {item.source}"
                + (f" {item.reason.capitalize()}." if item.reason else "")
            )
        if content["carbon"]:
            self.stdout.write(
                f"Empreinte carbone estimée des marchés\u00a0: {content['carbon']['phrase']}"
            )
        if options["pdf"]:
            self.stdout.write(f"PDF écrit\u00a0: {options['pdf']}")


def _as_json(content) -> dict:
    obligation = content["obligation"]
    return {
        "body": content["organisation"].name,
        "year": content["year"],
        "status": content["report"].status,
        "obligation": None
        if obligation is None
        else {"amount_eur": obligation.amount_eur, "status": obligation.status},
        "carbon_tco2e": None
        if content["carbon_estimate"] is None
        else content["carbon_estimate"].as_json(),
        "objectives": [
            {
                "label": item.objective.label,
                "unit": item.objective.unit,
                "target": str(item.objective.target_value),
                "value": None if item.value is None else str(item.value),
                "origin": item.origin,
                "source": item.source,
                "coverage": item.coverage,
            }
            for item in content["values"]
        ],
    }
