"""The exchange's fixed lists: categories by trade, units, condition, price, removal terms."""

from django.db import models


class Category(models.TextChoices):
    STRUCTURE = "structure", "Structure et gros œuvre"
    FACADE = "facade", "Façade et menuiseries extérieures"
    PARTITIONS = "cloisons", "Cloisons et menuiseries intérieures"
    FINISHES = "revetements", "Revêtements de sols, murs et plafonds"
    PLUMBING = "plomberie", "Plomberie et sanitaires"
    HVAC = "cvc", "Chauffage, ventilation et climatisation"
    ELECTRICAL = "electricite", "Électricité et éclairage"
    OUTDOOR = "vrd", "VRD et aménagements extérieurs"
    FURNITURE = "mobilier", "Mobilier"
    IT = "informatique", "Informatique et numérique"


class Unit(models.TextChoices):
    PIECE = "u", "u (unité)"
    SQUARE_METRE = "m2", "m²"
    LINEAR_METRE = "ml", "ml (mètre linéaire)"
    CUBIC_METRE = "m3", "m³"
    KILOGRAM = "kg", "kg"


# How a unit reads after a number (« 12 m² »).
UNIT_SYMBOLS = {"u": "u", "m2": "m²", "ml": "ml", "m3": "m³", "kg": "kg"}


class Condition(models.TextChoices):
    AS_NEW = "neuf", "Comme neuf"
    GOOD = "bon", "Bon état"
    FAIR = "moyen", "État moyen (à reprendre)"
    FOR_PARTS = "pieces", "Pour pièces ou matière"


class Removal(models.TextChoices):
    TAKER_DISMANTLES = "depose-preneur", "Dépose par le preneur"
    ALREADY_REMOVED = "depose", "Déjà déposé, à enlever sur place"
    DELIVERED = "livre", "Livraison possible par le cédant"


class Price(models.TextChoices):
    FREE = "gratuit", "Gratuit"
    SYMBOLIC = "symbolique", "Prix symbolique"
    VALUE = "valeur", "Cession à titre onéreux"
