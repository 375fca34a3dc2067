from . import _considerations
from .base import Indicator

CODE = "part_environnementale"
TITLE = "Part des contrats avec une considération environnementale"


def compute(filters):
    return _considerations.compute(CODE, TITLE, "environmental", filters)


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Contrats notifiés dont le champ « considérations environnementales » des DECP contient "
        "au moins une valeur autre que « Pas de considération environnementale » (clause ou "
        "critère environnemental), rapportés aux contrats dont ce champ est connu. En nombre et "
        "en montant (marchés)."
    ),
    numerator="contrats avec au moins une considération environnementale",
    denominator="contrats dont le champ est renseigné (oui + non)",
    coverage="contrats dont le champ est renseigné / tous les contrats\u00a0; les données au "
    "format 2019 et les champs absents sont « inconnus »",
    basis="Arrêtés du 22 décembre 2022 (données essentielles)\u00a0; objectif PNAD "
    "2022-2025 de 100 %",
    version="1.0",
    compute=compute,
)
