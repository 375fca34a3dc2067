from . import _considerations
from .base import Indicator

CODE = "part_sociale"
TITLE = "Part des contrats avec une considération sociale"


def compute(filters):
    return _considerations.compute(CODE, TITLE, "social", filters)


INDICATOR = Indicator(
    code=CODE,
    title=TITLE,
    definition=(
        "Contrats notifiés dont le champ « considérations sociales » des DECP contient au moins "
        "une valeur autre que « Pas de considération sociale » (clause sociale, critère social, "
        "marché ou concession réservé), rapportés aux contrats dont ce champ est connu. "
        "Détail par clause, critère et contrat réservé\u00a0; en nombre et en montant (marchés)."
    ),
    numerator="contrats avec au moins une considération sociale",
    denominator="contrats dont le champ est renseigné (oui + non)",
    coverage="contrats dont le champ est renseigné / tous les contrats\u00a0; les données au "
    "format 2019 et les champs absents sont « inconnus »",
    basis="Arrêtés du 22 décembre 2022 (données essentielles)\u00a0; objectif PNAD "
    "2022-2025 de 30 %",
    version="1.0",
    compute=compute,
)
