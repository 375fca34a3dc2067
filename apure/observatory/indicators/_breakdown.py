"""Shared shape of the breakdown indicators (by CPV division, segment, territory)."""

from .. import aggregates
from .base import NOTE, Column


def columns(key_label):
    return [
        Column("key", "Code"),
        Column("label", key_label),
        Column("contracts", "Contrats", "int"),
        Column("amount_eur", "Montant des marchés (€ HT)", "eur"),
        Column("social_share", "Part sociale", "share"),
        Column("social_coverage", "Couverture (social)", "share"),
        Column("environmental_share", "Part environnementale", "share"),
        Column("environmental_coverage", "Couverture (environnement)", "share"),
        NOTE,
    ]


def details():
    return [
        Column("social_known", "Contrats à considération sociale renseignée", "int"),
        Column(
            "environmental_known", "Contrats à considération environnementale renseignée", "int"
        ),
        Column("social_unknown", "Contrats à considération sociale inconnue", "int"),
        Column(
            "environmental_unknown", "Contrats à considération environnementale inconnue", "int"
        ),
    ]


def row(key, label, block):
    return {
        "key": key,
        "label": label,
        "contracts": block["contracts"],
        "amount_eur": block["amount_eur"],
        "social_share": block["social"]["share_yes"],
        "social_coverage": block["social"]["coverage"],
        "social_unknown": block["social"]["unknown"],
        "environmental_share": block["environmental"]["share_yes"],
        "environmental_coverage": block["environmental"]["coverage"],
        "environmental_unknown": block["environmental"]["unknown"],
        "social_known": block["social"]["known"],
        "environmental_known": block["environmental"]["known"],
        "note": aggregates.withheld_note(
            {
                "part sociale": block["social"]["known"],
                "part environnementale": block["environmental"]["known"],
            }
        ),
    }
