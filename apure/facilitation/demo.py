"""Example facilitators, every one marked « Exemple » (no real contact is published): the one
of the Nord answers with the demo facilitator account, so that a request can be followed end
to end. Two example insertion follow-ups of the metropolis give the network total something
to add up (totals only, as a facilitator enters them, in the last two calendar years)."""

from decimal import Decimal

from django.utils import timezone

from apure.organisations.demo import DEMO_FACILITATOR_EMAIL
from apure.organisations.models import Organisation, User

from .models import Facilitator, InsertionFollowUp, InsertionYear, Theme

EXAMPLES = [
    ("Facilitatrice des clauses sociales (exemple)", "Maison de l'emploi – exemple",
     Theme.SOCIAL_CLAUSES, "59", "Nord", "clauses-nord@apure.localhost", True),
    ("Facilitateur des clauses sociales (exemple)", "PLIE – exemple", Theme.SOCIAL_CLAUSES,
     "62", "Pas-de-Calais", "clauses-pdc@apure.localhost", False),
    ("Conseillère réemploi et construction durable (exemple)", "Réseau régional – exemple",
     Theme.REUSE, "02 59 60 62 80", "Hauts-de-France", "reemploi@apure.localhost", False),
    ("Chargé de coopération ESS (exemple)", "Réseau de l'ESS – exemple", Theme.ESS,
     "02 59 60 62 80", "Hauts-de-France", "ess@apure.localhost", False),
]  # fmt: skip


FOLLOW_UPS_BUYER = "mel"  # slug of the founding metropolis (apure.organisations.founders)
# (title, reference, hours planned, hours done the year before, hours done this year)
FOLLOW_UPS = [
    ("Entretien des espaces verts des parcs métropolitains – lot 2 réservé aux SIAE (exemple)",
     "EXEMPLE-EV-02", "3200", "1480", "960"),
    ("Nettoyage des locaux administratifs avec clause d'insertion (exemple)",
     "EXEMPLE-NET-01", "2400", "1150", "620"),
]  # fmt: skip


def load_follow_ups() -> int:
    """The example follow-ups (idempotent: found again by buyer and title)."""
    buyer = Organisation.objects.filter(slug=FOLLOW_UPS_BUYER).first()
    facilitator = Facilitator.objects.filter(email="clauses-nord@apure.localhost").first()
    if buyer is None:
        return 0
    this_year = timezone.localdate().year
    created = 0
    for title, reference, planned, last_year_done, this_year_done in FOLLOW_UPS:
        follow_up, was_created = InsertionFollowUp.objects.get_or_create(
            organisation=buyer,
            title=title,
            defaults={
                "reference": reference,
                "facilitator": facilitator,
                "hours_planned": Decimal(planned),
            },
        )
        if was_created:
            created += 1
            for year, done in ((this_year - 1, last_year_done), (this_year, this_year_done)):
                InsertionYear.objects.create(
                    follow_up=follow_up, year=year, hours_done=Decimal(done)
                )
    return created


def load(out):
    answerer = User.objects.filter(email=DEMO_FACILITATOR_EMAIL).first()
    created = 0
    for name, structure, theme, departements, territory, email, answers in EXAMPLES:
        _, was_created = Facilitator.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "structure": structure,
                "theme": theme,
                "departements": departements,
                "territory": territory,
                "user": answerer if answers else None,
                "is_example": True,
            },
        )
        created += was_created
    out(f"Facilitateurs d'exemple\u00a0: {created} créés, {Facilitator.objects.count()} au total")
    created = load_follow_ups()
    out(
        f"Suivis d'heures d'insertion d'exemple\u00a0: {created} créés, "
        f"{InsertionFollowUp.objects.count()} au total"
    )
