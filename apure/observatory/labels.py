"""French labels of the analytical store's coded values."""

BUYER_KINDS = {
    "region": "Région",
    "departement": "Département",
    "epci": "Intercommunalité (EPCI)",
    "commune": "Commune",
    "etat": "État",
    "hopital": "Établissement de santé",
    "autre": "Autre acheteur",
}
UNKNOWN_BUYER_KIND = "inconnu"

CONTRACT_KINDS = {"marche": "Marché", "concession": "Concession"}

CONSIDERATION_STATES = {"yes": "Oui", "no": "Non", "unknown": "Inconnu"}

SEVERITIES = {"error": "Erreur", "warning": "Avertissement", "info": "Information"}


def buyer_kind(code):
    return BUYER_KINDS.get(code, "Inconnu") if code else "Inconnu"


def contract_kind(code):
    return CONTRACT_KINDS.get(code, code or "Inconnu")


def consideration(code):
    return CONSIDERATION_STATES.get(code, "Inconnu")
