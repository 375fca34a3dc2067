"""`apure recommend`: obligations and clauses for a contract draft, from the command line."""

import json

from django.core.management.base import BaseCommand, CommandError

from apure.obligations import BUYER_KINDS, ContractDraft
from apure.obligations.draft import KINDS, NATURES

from ...cpv import parse_code
from ...draft_form import RecommendForm
from ...recommend import recommend

# Options checked by the form the website uses: same rules, same units (per cent for shares
# and rates), same French messages.
FIELDS = (
    "objet", "montant", "acheteur_type", "date_lancement", "nature", "type_contrat", "defense",
    "reserve", "surface", "demolition", "elements_renoves", "substances_dangereuses",
    "depenses_annuelles", "flotte_vehicules_legers", "population_commune", "part_main_oeuvre",
    "taux_insertion", "cout_horaire", "duree_mois",
)  # fmt: skip


def _validated(options) -> RecommendForm:
    # Numbers go to the form as typed: it reads « 2 400 000 » and « 0,5 » as the website does.
    data = {
        field: options[field]
        for field in FIELDS
        if options.get(field) is not None and options[field] is not False
    }
    form = RecommendForm(data)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}\u00a0: {' '.join(errors)}" if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        ]  # fmt: skip
        raise CommandError("Saisie invalide. " + "\u00a0; ".join(problems))
    return form


class Command(BaseCommand):
    help = "Obligations légales et clauses recommandées pour un projet de marché."

    def add_arguments(self, parser):
        parser.add_argument("--objet", required=True, help="objet du marché")
        parser.add_argument("--cpv", help="code CPV (deviné depuis l'objet s'il est absent)")
        parser.add_argument("--montant", required=True, help="montant estimé en euros HT")
        parser.add_argument("--acheteur-type", required=True, choices=sorted(BUYER_KINDS))
        parser.add_argument("--date-lancement", required=True, help="AAAA-MM-JJ")
        parser.add_argument("--nature", choices=sorted(NATURES))
        parser.add_argument("--type-contrat", choices=sorted(KINDS), default="marche")
        parser.add_argument("--defense", action="store_true", help="marché de défense ou sécurité")
        parser.add_argument("--reserve", action="store_true", help="marché réservé")
        parser.add_argument("--surface", help="surface de plancher concernée (m²)")
        parser.add_argument(
            "--demolition",
            nargs="?",
            const="oui",
            choices=["oui", "non"],
            help="travaux de démolition (« --demolition » seul vaut oui\u00a0; non dit\u00a0: à "
            "vérifier)",
        )
        parser.add_argument(
            "--elements-renoves", type=int, help="éléments de second œuvre remplacés (0 à 7)"
        )
        parser.add_argument(
            "--substances-dangereuses",
            choices=["oui", "non"],
            help="bâtiment ayant accueilli une activité utilisant des substances dangereuses",
        )
        parser.add_argument("--depenses-annuelles", help="achats annuels de l'acheteur (€ HT)")
        parser.add_argument(
            "--flotte-vehicules-legers",
            help="véhicules de moins de 3,5 t de votre flotte (véhicules à faibles émissions)",
        )
        parser.add_argument(
            "--population-commune",
            help="habitants de la commune acheteuse (contenants en plastique en restauration)",
        )
        parser.add_argument(
            "--part-main-oeuvre", help="part de main-d'œuvre en %% (0 à 100, ex. 40)"
        )
        parser.add_argument("--taux-insertion", help="taux d'insertion en %% (0 à 100, défaut 5)")
        parser.add_argument(
            "--cout-horaire", help="coût horaire chargé en € (au moins 1, défaut 30)"
        )
        parser.add_argument("--duree-mois", type=int, help="durée du marché en mois (défaut 12)")
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args, **options):
        form = _validated(options)
        cpv = None
        if options["cpv"]:
            cpv = parse_code(options["cpv"])
            if cpv is None:
                raise CommandError(
                    f"Code CPV invalide\u00a0: « {options['cpv']} » (8 chiffres attendus)."
                )
        try:
            draft = ContractDraft(cpv=cpv, **form.draft_arguments())
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = recommend(draft, **form.sizing_arguments())
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self._print(result)

    def _print(self, result):
        draft = result.draft
        out = self.stdout.write
        cpv = f"{draft.cpv} {result.cpv_label}" if draft.cpv else "inconnu"
        out(f"Marché\u00a0: {draft.object}")
        out(f"CPV\u00a0: {cpv}{' (deviné depuis l’objet)' if result.cpv_guessed else ''}")
        out(f"Segment\u00a0: {result.segment.label if result.segment else 'non identifié'}")
        out("")
        out("Obligations\u00a0:")
        for item in result.obligations:
            out(f"  [{item.status}] {item.title} — {item.reference}")
            out(f"      {item.explanation}")
        out("")
        out(f"Clauses recommandées ({len(result.clauses)})\u00a0:")
        for ranked in result.clauses:
            out(f"  {ranked.score:3d}  {ranked.clause.title} ({ranked.clause.get_kind_display()})")
        if result.insertion and not result.insertion.sized:
            out("")
            out(f"Clause d'insertion\u00a0: pas de volume d'heures. {result.insertion.explanation}")
        elif result.insertion:
            sizing = result.insertion
            out("")
            out(
                f"Clause d'insertion\u00a0: {sizing.hours} heures "
                f"(montant × part de main-d'œuvre {sizing.labour_share_percent} × taux "
                f"{sizing.rate_percent} ÷ {str(sizing.hourly_cost).replace('.', ',')} €/h)"
            )
