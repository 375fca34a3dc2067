"""Demo: the Département du Nord (a body under the SPASER duty) gets a scheme with objectives and
a draft 2024 report; the Ville de Lille a draft 2024 AGEC declaration. Figures marked
« exemple » are plausible, not real. Idempotent."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from apure.organisations.demo import DEMO_FACILITATOR_PASSWORD
from apure.organisations.models import Organisation, User

from . import agec
from .models import (
    EnteredValue,
    Measure,
    Objective,
    ObjectiveCategory,
    SpaserReport,
    SpaserScheme,
    Unit,
)

YEAR = 2024
NORD_PERSON = ("spaser-nord@apure.localhost", "Camille", "Achats responsables")
# (category, label, measure, unit, baseline year, baseline, target year, target, 2024 entered)
OBJECTIVES = [
    (ObjectiveCategory.INSERTION, "Marchés comportant une considération sociale",
     Measure.SOCIAL_COUNT, Unit.PERCENT, 2022, "18", 2028, "35", None),
    (ObjectiveCategory.ENVIRONMENT, "Marchés comportant une considération environnementale",
     Measure.ENV_COUNT, Unit.PERCENT, 2022, "40", 2028, "80", None),
    (ObjectiveCategory.DISABILITY, "Marchés réservés aux entreprises adaptées, ESAT et SIAE",
     Measure.RESERVED_COUNT, Unit.PERCENT, 2022, "2", 2028, "5", None),
    (ObjectiveCategory.INSERTION, "Heures d'insertion réalisées dans les marchés",
     Measure.ENTERED, Unit.HOURS, 2022, "120000", 2028, "180000",
     ("142500", "Bilan 2024 des facilitateurs de la clause sociale (exemple)")),
    (ObjectiveCategory.CIRCULAR, "Part du mobilier acheté issu du réemploi",
     Measure.ENTERED, Unit.PERCENT, 2022, "5", 2028, "20",
     ("12", "Service des moyens généraux, inventaire des achats de mobilier (exemple)")),
]  # fmt: skip
ACTIONS = (
    "Exemple. Formation de 40 acheteurs aux clauses sociales et environnementales\u00a0; "
    "généralisation d'un critère environnemental dans les marchés de fournitures.\n\n"
    "Un marché de nettoyage des collèges réservé aux structures d'insertion a été attribué."
)
# Ville de Lille, category 9 (« Mobilier et aménagement d'intérieur »): what only it knows.
LILLE_ENTERED = {
    "total_eur": Decimal("180000"),
    "reuse_eur": Decimal("24000"),
    "donation_eur": Decimal("6000"),
    "recycled_eur": Decimal("18000"),
    "comment": "Exemple de saisie.",
}


def _nord_scheme(out):
    nord = Organisation.objects.filter(siren="225900018").first()
    if nord is None:
        return
    scheme, created = SpaserScheme.objects.get_or_create(
        organisation=nord,
        defaults={
            "title": "Schéma départemental des achats responsables 2024-2028 (exemple)",
            "adopted_on": date(2023, 12, 11),
            "deliberation": "n° DAJ/2023/456 (exemple)",
            "period_start": 2024,
            "period_end": 2028,
        },
    )
    if not created:
        out("SPASER du Département du Nord déjà présent")
        return
    for row in OBJECTIVES:
        category, label, measure, unit, base_year, base, target_year, target, entered = row
        objective = Objective.objects.create(
            scheme=scheme,
            category=category,
            label=label,
            measure=measure,
            unit=unit,
            baseline_year=base_year,
            baseline_value=Decimal(base),
            target_year=target_year,
            target_value=Decimal(target),
        )
        if entered:
            EnteredValue.objects.create(
                objective=objective, year=YEAR, value=Decimal(entered[0]), source=entered[1]
            )
    SpaserReport.objects.get_or_create(scheme=scheme, year=YEAR, defaults={"actions": ACTIONS})
    email, first, last = NORD_PERSON
    user, made = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "organisation": nord}
    )
    if made:
        user.set_password(DEMO_FACILITATOR_PASSWORD)
        user.save()
    out(
        f"SPASER du Département du Nord\u00a0: {len(OBJECTIVES)} objectifs, rapport {YEAR} en "
        f"brouillon (compte {email} / {DEMO_FACILITATOR_PASSWORD})"
    )


def _lille_declaration(out):
    lille = Organisation.objects.filter(siren="215903501").first()
    if lille is None:
        return
    existed = lille.agec_declarations.filter(year=YEAR).exists()
    declaration = agec.open_declaration(lille, YEAR)
    if existed:
        out("Déclaration AGEC de la Ville de Lille déjà présente")
        return
    line = declaration.lines.get(category=9)
    for field, value in LILLE_ENTERED.items():
        setattr(line, field, value)
    agec.mark_entered(line, list(LILLE_ENTERED))
    line.save()
    out(f"Déclaration AGEC {YEAR} de la Ville de Lille en brouillon, préremplie")


@transaction.atomic
def load(out):
    _nord_scheme(out)
    _lille_declaration(out)
