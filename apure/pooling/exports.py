"""The renewal calendar of a scope as CSV or XLSX, for the facilitator.

Written with the observatory's export helpers (French CSV, streamed XLSX, text that could run
as a formula neutralised): one row per contract of the scope, ended ones included, with its
expected end and its state. The buyer is named and identified as on the page: one body per
SIREN, under one name, whichever of its establishments (SIRET) published the contract.
"""

from datetime import date

from django.utils.text import slugify

from apure.observatory import exports

from . import calendar
from .calendar import Scope

COLUMNS = {
    "buyer_siret": "SIRET de l'acheteur",
    "buyer_name": "Acheteur",
    "object": "Objet",
    "cpv": "Code CPV",
    "nature": "Nature",
    "procedure": "Procédure",
    "amount": "Montant (€ HT, plafond pour un accord-cadre)",
    "duration_months": "Durée (mois)",
    "notification_date": "Date de notification",
    "end_date": "Fin prévue (notification + durée)",
    "state": "État",
    "uid": "Identifiant apure",
    "framework_agreement": "Accord-cadre (montant maximal)",
    # Last, so that the columns of earlier files keep their place: the body the page counts
    # as one buyer (calendar.BUYER_KEY), whichever of its establishments published.
    "buyer_siren": "SIREN de l'acheteur (un acheteur par SIREN)",
}
# The store's three states (docs/ANALYTICS_SCHEMA.md), as the contract page says them.
FRAMEWORK_LABELS = {True: "oui", False: "non", None: "non renseigné"}
FORMATS = {
    "amount": exports.XLSX_EUR_FORMAT,
    "notification_date": exports.XLSX_DATE_FORMAT,
    "end_date": exports.XLSX_DATE_FORMAT,
}
SHEET_TITLE = "Calendrier de renouvellement"


def header() -> list[str]:
    return list(COLUMNS.values())


def rows(scope: Scope, today: date, fmt: str) -> list[list]:
    found = calendar.contracts(scope, today, limit=exports.LIMITS[fmt], current_only=False) or []
    return [
        [
            FRAMEWORK_LABELS[row[column]] if column == "framework_agreement" else row[column]
            for column in COLUMNS
        ]
        for row in found
    ]


def formats() -> list[str | None]:
    return [FORMATS.get(column) for column in COLUMNS]


def file_name(scope: Scope, today: date, fmt: str) -> str:
    """« apure-mutualisation-nord-59-restauration-collective-2023-2026-au-2026-11-02.csv »."""
    years = f"{scope.years[0]}-{scope.years[-1]}" if scope.years else ""
    stem = slugify(
        " ".join(("apure mutualisation", scope.territory.name, scope.purchase.code, years))
    )[: exports.FILE_NAME_MAX].strip("-")
    return f"{stem}-au-{today.isoformat()}.{fmt}"
