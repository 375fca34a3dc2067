"""French labels of the analytical store's coded values."""

BUYER_KINDS = {
    "region": "Région",
    "departement": "Département",
    "epci": "Intercommunalité (EPCI)",
    "commune": "Commune",
    "etat": "État et ses établissements publics",
    "hopital": "Établissement de santé",
    "autre": "Autre acheteur",
}
UNKNOWN_BUYER_KIND = "inconnu"

CONTRACT_KINDS = {"marche": "Marché", "concession": "Concession"}

CONSIDERATION_STATES = {"yes": "Oui", "no": "Non", "unknown": "Inconnu"}

# Source formats of the store (docs/ANALYTICS_SCHEMA.md) and whether they can carry the
# social / environmental considerations: the 2019 format has no such field.
SOURCE_FORMATS = {
    "2019-json": "DECP format 2019 (JSON)",
    "2019-xml": "DECP format 2019 (XML)",
    "2022-json": "DECP format 2022 (JSON)",
    "2022-xml": "DECP format 2022 (XML)",
    "decp-processing-csv": "Consolidation tabulaire decp.info (CSV)",
    "decp-processing-parquet": "Consolidation tabulaire decp.info (Parquet)",
    "minef-csv": "« DECP augmenté » du ministère (CSV)",
    "minef-parquet": "« DECP augmenté » du ministère (Parquet)",
    "tabular-csv": "Fichier tabulaire (CSV)",
    "tabular-parquet": "Fichier tabulaire (Parquet)",
}
FORMATS_WITHOUT_CONSIDERATIONS = {"2019-json", "2019-xml"}

SEVERITIES = {"error": "Erreur", "warning": "Avertissement", "info": "Information"}


def buyer_kind(code):
    return BUYER_KINDS.get(code, "Inconnu") if code else "Inconnu"


def contract_kind(code):
    return CONTRACT_KINDS.get(code, code or "Inconnu")


def consideration(code):
    return CONSIDERATION_STATES.get(code, "Inconnu")


def source_format(code):
    return SOURCE_FORMATS.get(code, code or "Format inconnu")
