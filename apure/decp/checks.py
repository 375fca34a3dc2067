"""Registry of the data-quality checks of the DECP pipeline.

Each check has a code (stable, stored in the `notes` table), a French label shown by the
observatory, and a severity. `docs/decp.md` explains them to users.
"""

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    severity: str


CHECKS = {
    check.code: check
    for check in [
        Check("missing_key", "Identifiant du marché ou de l'acheteur absent", ERROR),
        Check(
            "placeholder_id", "Identifiant de marché vide ou factice (ex. que des zéros)", WARNING
        ),
        Check("key_reused", "Même identifiant publié pour des contenus différents", INFO),
        Check(
            "invalid_siret", "SIRET de l'acheteur invalide (longueur ou clé de contrôle)", WARNING
        ),
        Check(
            "invalid_holder_id", "SIRET de titulaire invalide (longueur ou clé de contrôle)", INFO
        ),
        Check("missing_cpv", "Code CPV absent", WARNING),
        Check("unknown_cpv", "Code CPV inconnu de la nomenclature CPV 2008", WARNING),
        Check("missing_amount", "Montant absent ou illisible", WARNING),
        Check(
            "absurd_amount",
            "Montant invraisemblable (≤ 1 €, valeur de remplissage, hors échelle)",
            WARNING,
        ),
        Check("missing_date", "Date de notification absente", WARNING),
        Check("invalid_date", "Date illisible ou impossible", WARNING),
        Check("future_date", "Date postérieure à la date de l'import", WARNING),
        Check(
            "suspicious_duration",
            "Durée invraisemblable (≤ 0, plus de 180 mois pour un marché, 600 pour une concession)",
            INFO,
        ),
        Check(
            "contradictory_considerations",
            "« Pas de considération » publié avec une considération positive",
            WARNING,
        ),
        Check("unknown_consideration", "Valeur de considération non reconnue", INFO),
        Check("test_record", "Enregistrement de test publié par un éditeur", WARNING),
        Check(
            "unreadable_record",
            "Enregistrement illisible, écarté (par exemple imbrication trop profonde)",
            ERROR,
        ),
        Check(
            "invalid_character",
            "Caractère invalide dans un texte (moitié de paire UTF-16), remplacé par « \ufffd »",
            INFO,
        ),
    ]
}


def label(code: str) -> str:
    check = CHECKS.get(code)
    return check.label if check else code


def severity(code: str) -> str:
    return CHECKS[code].severity
