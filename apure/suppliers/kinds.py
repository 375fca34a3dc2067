"""The kinds of inclusive and social-economy suppliers, and how a list of kinds is stored.

A supplier may hold several kinds (an association running an ACI and an AI under one SIRET).
They are stored in one text column framed by commas (« ,ACI,AI, ») so that a search for one
kind is a plain `contains` on every database, and « EI » never matches « EITI »."""

from django.db import models


class Kind(models.TextChoices):
    ACI = "ACI", "Atelier et chantier d'insertion (ACI)"
    AI = "AI", "Association intermédiaire (AI)"
    EI = "EI", "Entreprise d'insertion (EI)"
    ETTI = "ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"
    EITI = "EITI", "Entreprise d'insertion par le travail indépendant (EITI)"
    GEIQ = "GEIQ", "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)"
    ESAT = "ESAT", "Établissement et service d'aide par le travail (ESAT)"
    EA = "EA", "Entreprise adaptée (EA)"
    ESS = "ESS", "Autre entreprise de l'économie sociale et solidaire"


# Structures d'insertion par l'activité économique: the kinds a reserved contract under
# L2113-13 may go to (ESAT and EA come under L2113-12).
SIAE = frozenset({Kind.ACI, Kind.AI, Kind.EI, Kind.ETTI, Kind.EITI})


def pack(kinds) -> str:
    """Kinds as stored: known codes only, in the order of `Kind`, framed by commas."""
    wanted = {str(kind).strip().upper() for kind in kinds}
    codes = [kind.value for kind in Kind if kind.value in wanted]
    return f",{','.join(codes)}," if codes else ""


def unpack(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]


def needle(kind: str) -> str:
    """What a stored value contains when it holds `kind`."""
    return f",{kind},"


def label(code: str) -> str:
    return Kind(code).label if code in Kind.values else code
