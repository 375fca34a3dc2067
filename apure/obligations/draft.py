"""The contract draft every obligation rule reads, and the result it returns."""

from dataclasses import dataclass, field
from datetime import date

APPLICABLE = "applicable"
NOT_APPLICABLE = "non applicable"
TO_CHECK = "à vérifier"
# A faculty the law offers the buyer (reserving a contract…): neither a duty nor « not applicable ».
POSSIBLE = "possible"
STATUSES = (APPLICABLE, NOT_APPLICABLE, TO_CHECK, POSSIBLE)
STATUS_LABELS = {
    APPLICABLE: "Applicable",
    NOT_APPLICABLE: "Non applicable",
    TO_CHECK: "À vérifier",
    POSSIBLE: "Possibilité",
}

# Buyer kinds that change thresholds and duties (command line and forms use these codes).
BUYER_KINDS = {
    "commune": "Commune",
    "epci": "Intercommunalité (EPCI)",
    "departement": "Département",
    "region": "Région",
    "etat": "État (services centraux et déconcentrés)",
    "hopital": "Établissement public de santé",
    "entite-adjudicatrice": "Entité adjudicatrice (opérateur de réseau)",
    "autre": "Autre pouvoir adjudicateur",
}
LOCAL_AUTHORITIES = {"commune", "epci", "departement", "region"}

NATURES = {"travaux": "Travaux", "fournitures": "Fournitures", "services": "Services"}
KINDS = {"marche": "Marché public", "concession": "Contrat de concession"}

# The seven second-work elements of the "significant renovation" test (R126-8 CCH).
RENOVATION_ELEMENTS = [
    "planchers ne déterminant pas la résistance ou la rigidité de l'ouvrage",
    "huisseries extérieures",
    "cloisons extérieures et murs non porteurs",
    "cloisons intérieures",
    "installations sanitaires et de plomberie",
    "installations électriques",
    "systèmes de chauffage",
]


def nature_from_cpv(cpv: str | None) -> str | None:
    """CPV division 45 is works, 50 and above services, the rest supplies."""
    if not cpv or len(cpv) < 2 or not cpv[:2].isdigit():
        return None
    division = int(cpv[:2])
    if division == 45:
        return "travaux"
    if division >= 50:
        return "services"
    return "fournitures"


@dataclass
class ContractDraft:
    object: str = ""
    cpv: str | None = None
    amount_ht: float | None = None
    buyer_kind: str = "autre"
    kind: str = "marche"
    nature: str | None = None
    launch_date: date | None = None
    defence_or_security: bool = False
    reserved: bool = False
    # Works details (PEMD diagnostic); None means "not said".
    floor_area_m2: float | None = None
    demolition: bool | None = None
    hazardous_history: bool | None = None
    renovation_elements: int | None = None
    buyer_yearly_spend: float | None = None
    # Contract duration from launch, in months (dates the floors and duties it runs into).
    duration_months: int | None = None
    # Light vehicles (< 3.5 t) in the buyer's fleet (low-emission vehicle shares).
    light_vehicle_fleet: int | None = None
    # Inhabitants of a commune buyer (plastic-container ban: later date for small communes).
    buyer_population: int | None = None

    def __post_init__(self):
        if self.cpv:
            self.cpv = "".join(ch for ch in str(self.cpv).split("-")[0] if ch.isdigit())[:8]
        if self.buyer_kind not in BUYER_KINDS:
            raise ValueError(f"Type d'acheteur inconnu\u00a0: « {self.buyer_kind} ».")
        if self.kind not in KINDS:
            raise ValueError(f"Type de contrat inconnu\u00a0: « {self.kind} ».")
        if self.nature is None:
            self.nature = nature_from_cpv(self.cpv)
        if self.nature is not None and self.nature not in NATURES:
            raise ValueError(f"Nature inconnue\u00a0: « {self.nature} ».")
        if self.launch_date is None:
            self.launch_date = date.today()

    @property
    def is_local_authority(self) -> bool:
        return self.buyer_kind in LOCAL_AUTHORITIES

    @property
    def end_date(self) -> date | None:
        """Launch date plus duration (a lower bound of the end of performance), or None."""
        if self.duration_months is None:
            return None
        months = self.launch_date.month - 1 + self.duration_months
        year, month = self.launch_date.year + months // 12, months % 12 + 1
        # Clamp the day to the target month (31 January + 1 month is 28 or 29 February).
        for day in (self.launch_date.day, 30, 29, 28):
            try:
                return date(year, month, day)
            except ValueError:
                continue
        return None


@dataclass
class RuleResult:
    code: str
    title: str
    status: str
    reference: str
    explanation: str
    applies_from: date | None = None
    applies_to: date | None = None
    details: dict = field(default_factory=dict)
    # Link to the official text, only when its Légifrance identifier is in the reference data.
    reference_url: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def exceptions(self) -> list[dict]:
        """Cases where the buyer may set an obligation that applies aside (with their certainty)."""
        return [] if self.status == NOT_APPLICABLE else self.details.get("exceptions", [])

    @property
    def status_class(self) -> str:
        """A CSS-friendly form of the status (« à vérifier » → « a-verifier »)."""
        return {
            APPLICABLE: "applicable",
            NOT_APPLICABLE: "non-applicable",
            POSSIBLE: "possible",
        }.get(self.status, "a-verifier")

    @property
    def status_label(self) -> str:
        """The status as the page shows it (« possible » reads « Possibilité »)."""
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "status": self.status,
            "reference": self.reference,
            "reference_url": self.reference_url or None,
            "applies_from": self.applies_from.isoformat() if self.applies_from else None,
            "applies_to": self.applies_to.isoformat() if self.applies_to else None,
            "explanation": self.explanation,
            "details": self.details,
        }
