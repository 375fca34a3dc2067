"""`apure indicators`: headline figures of the analytical store, for people and scripts."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from apure.carbon import estimate as carbon_estimate
from apure.carbon import formatting as carbon_formatting
from apure.observatory import summary
from apure.observatory.filters import Filters


def _pct(value):
    return "n.d." if value is None else f"{100 * value:.1f} %".replace(".", ",")


def _eur(value):
    return f"{value:,.0f} €".replace(",", " ")


class Command(BaseCommand):
    help = "Affiche les indicateurs de l'observatoire (toute la France par défaut)."
    # A read-only report: skipping the system checks keeps it well under a second.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            nargs="+",
            action="extend",
            default=[],
            help="année(s) de notification\u00a0: --year 2024 2025 ou --year 2024 --year 2025",
        )
        parser.add_argument("--region", default="", help="code INSEE de la région, ex. 32")
        parser.add_argument("--departement", default="", help="code du département, ex. 59")
        parser.add_argument("--buyer", default="", help="SIRET de l'acheteur (14 chiffres)")
        parser.add_argument("--cpv-division", default="", help="division CPV (2 chiffres)")
        parser.add_argument("--segment", default="", help="code de segment d'achat")
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args, **options):
        filters = Filters.build(
            years=options["year"],
            region=options["region"],
            departement=options["departement"],
            buyer=options["buyer"],
            cpv_division=options["cpv_division"],
            segment=options["segment"],
        )
        if filters.errors:
            # The web pages ignore a bad filter and say so; a command stops instead, so that
            # a script never reads figures for a view it did not ask for.
            raise CommandError(
                " ".join(
                    error.replace(" ignoré\u00a0:", " invalide\u00a0:").replace(
                        "ignorée", "invalide"
                    )
                    for error in filters.errors
                )
            )
        result = summary.compute(filters)
        if result is None:
            raise CommandError("Aucune donnée importée\u00a0: lancez d'abord l'import des DECP.")
        carbon = carbon_estimate.compute(filters)
        result["carbon_tco2e"] = carbon.as_json()
        if options["json"]:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
            return
        lines = [
            *filters.notices,
            f"Indicateurs ({', '.join(filters.description())})",
            f"Contrats\u00a0: {result['contracts']} (dont {result['concessions']['contracts']} "
            "concessions)",
            f"Montant des marchés\u00a0: {_eur(result['amount_eur'])}\u00a0; concessions\u00a0: "
            f"{_eur(result['concessions']['amount_eur'])}",
        ]
        for key, label in (("social", "sociale"), ("environmental", "environnementale")):
            block = result[key]
            lines.append(
                f"Considération {label}\u00a0: oui {block['yes']}, non {block['no']}, "
                f"inconnu {block['unknown']}\u00a0; part {_pct(block['share_yes'])} "
                f"(couverture {_pct(block['coverage'])})"
            )
        lines.append(
            "Empreinte carbone estimée des marchés\u00a0: "
            f"{carbon_formatting.bounds_phrase(carbon)}, couverture "
            f"{carbon_formatting.percent(carbon.coverage)} du montant, euros "
            f"{carbon_formatting.euro_years(carbon)} (méthode\u00a0: {carbon_estimate.METHOD_PATH})"
        )
        for year, item in result["by_year"].items():
            lines.append(f"  {year}\u00a0: {item['contracts']} contrats")
        self.stdout.write("\n".join(lines))
