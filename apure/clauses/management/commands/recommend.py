"""`apure recommend`: obligations and clauses for a contract draft, from the command line."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from apure.obligations import BUYER_KINDS, ContractDraft
from apure.obligations.draft import KINDS, NATURES

from ...recommend import recommend


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"Date de lancement invalide : « {text} » (attendu AAAA-MM-JJ)."
        ) from error


def _amount(text, name):
    try:
        value = float(str(text).replace(",", ".").replace(" ", ""))
    except ValueError as error:
        raise CommandError(f"{name} invalide : « {text} » (nombre attendu).") from error
    if value < 0:
        raise CommandError(f"{name} invalide : « {text} » (nombre positif attendu).")
    return value


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
            help="travaux de démolition (« --demolition » seul vaut oui ; non dit : à vérifier)",
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
        parser.add_argument("--part-main-oeuvre", help="part de main-d'œuvre (0 à 1)")
        parser.add_argument("--taux-insertion", help="taux d'insertion (0 à 1, défaut 0,05)")
        parser.add_argument("--cout-horaire", help="coût horaire chargé (€, défaut 30)")
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args, **options):
        optional = {
            name: _amount(options[key], label) if options[key] is not None else None
            for name, key, label in [
                ("floor_area_m2", "surface", "Surface"),
                ("buyer_yearly_spend", "depenses_annuelles", "Dépenses annuelles"),
                ("labour_share", "part_main_oeuvre", "Part de main-d'œuvre"),
                ("rate", "taux_insertion", "Taux d'insertion"),
                ("hourly_cost", "cout_horaire", "Coût horaire"),
            ]
        }
        hazardous, demolition = options["substances_dangereuses"], options["demolition"]
        try:
            draft = ContractDraft(
                object=options["objet"],
                cpv=options["cpv"],
                amount_ht=_amount(options["montant"], "Montant"),
                buyer_kind=options["acheteur_type"],
                kind=options["type_contrat"],
                nature=options["nature"],
                launch_date=_date(options["date_lancement"]),
                defence_or_security=options["defense"],
                reserved=options["reserve"],
                floor_area_m2=optional["floor_area_m2"],
                demolition=None if demolition is None else demolition == "oui",
                renovation_elements=options["elements_renoves"],
                hazardous_history=None if hazardous is None else hazardous == "oui",
                buyer_yearly_spend=optional["buyer_yearly_spend"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if draft.cpv and len(draft.cpv) != 8:
            raise CommandError(f"Code CPV invalide : « {options['cpv']} » (8 chiffres attendus).")
        result = recommend(
            draft,
            labour_share=optional["labour_share"],
            rate=optional["rate"],
            hourly_cost=optional["hourly_cost"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self._print(result)

    def _print(self, result):
        draft = result.draft
        out = self.stdout.write
        cpv = f"{draft.cpv} {result.cpv_label}" if draft.cpv else "inconnu"
        out(f"Marché : {draft.object}")
        out(f"CPV : {cpv}{' (deviné depuis l’objet)' if result.cpv_guessed else ''}")
        out(f"Segment : {result.segment.label if result.segment else 'non identifié'}")
        out("")
        out("Obligations :")
        for item in result.obligations:
            out(f"  [{item.status}] {item.title} — {item.reference}")
            out(f"      {item.explanation}")
        out("")
        out(f"Clauses recommandées ({len(result.clauses)}) :")
        for ranked in result.clauses:
            out(f"  {ranked.score:3d}  {ranked.clause.title} ({ranked.clause.get_kind_display()})")
        if result.insertion:
            sizing = result.insertion
            out("")
            out(
                f"Clause d'insertion : {sizing.hours} heures "
                f"(montant × part de main-d'œuvre {sizing.labour_share} × taux {sizing.rate} "
                f"÷ {sizing.hourly_cost} €/h)"
            )
