"""Example facilitators, every one marked « Exemple » (no real contact is published): the one
of the Nord answers with the demo facilitator account, so that a request can be followed end
to end."""

from apure.organisations.demo import DEMO_FACILITATOR_EMAIL
from apure.organisations.models import User

from .models import Facilitator, Theme

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
    out(f"Facilitateurs d'exemple : {created} créés, {Facilitator.objects.count()} au total")
