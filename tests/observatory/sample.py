"""A small, realistic set of contracts for tests and screenshots (Hauts-de-France and beyond)."""

from itertools import cycle

BUYERS = [
    ("20005374200014", "Région Hauts-de-France", "region", "59", "32"),
    ("22590001800018", "Département du Nord", "departement", "59", "32"),
    ("20009320100016", "Métropole européenne de Lille", "epci", "59", "32"),
    ("21590350100017", "Ville de Lille", "commune", "59", "32"),
    ("24590042800014", "Communauté urbaine de Dunkerque", "epci", "59", "32"),
    ("22620001600012", "Département du Pas-de-Calais", "departement", "62", "32"),
    ("21800021700018", "Ville d'Amiens", "commune", "80", "32"),
    ("23350001600040", "Région Bretagne", "region", "35", "53"),
    ("21750001600019", "Ville de Paris", "commune", "75", "11"),
    ("13000000000018", "Direction des achats de l'État", "etat", "75", "11"),
    # Communes of similar size, so that Lille and Amiens have comparable buyers.
    ("21590512600016", "Ville de Roubaix", "commune", "59", "32"),
    ("21590599300011", "Ville de Tourcoing", "commune", "59", "32"),
    ("21620193900011", "Ville de Calais", "commune", "62", "32"),
    ("21600057700014", "Ville de Beauvais", "commune", "60", "32"),
    ("21690123100011", "Ville de Lyon", "commune", "69", "84"),
    ("21330063500017", "Ville de Bordeaux", "commune", "33", "75"),
]

ITEMS = [
    ("45210000", "Travaux de réhabilitation thermique du groupe scolaire", 1_250_000.0),
    ("15000000", "Fourniture de denrées pour la restauration scolaire", 320_000.0),
    ("77310000", "Entretien des espaces verts et des parcs", 95_000.0),
    ("90910000", "Nettoyage des locaux administratifs", 180_000.0),
    ("72000000", "Maintenance du système d'information", 240_000.0),
    ("34100000", "Acquisition de véhicules électriques", 410_000.0),
    ("09300000", "Fourniture d'électricité d'origine renouvelable", 2_600_000.0),
    ("71240000", "Maîtrise d'œuvre pour la construction d'un collège", 650_000.0),
    ("45233140", "Travaux de voirie et réfection de chaussées", 6_100_000.0),
    ("79000000", "Accompagnement à la conduite du changement", 48_000.0),
]

# (social, social detail, environmental, env detail), cycled over the contracts.
CONSIDERATIONS = [
    ("yes", "clause", "yes", "clause"),
    ("no", None, "yes", "criterion"),
    ("no", None, "no", None),
    ("yes", "reserved", "yes", "clause"),
    ("unknown", None, "unknown", None),
    ("yes", "criterion", "no", None),
    ("no", None, "yes", "clause"),
]

DATES = ["2022-03-14", "2023-06-02", "2024-02-20", "2024-09-11", "2025-01-30", "2025-07-08",
         "2026-03-17", "2026-09-15", "2026-10-02"]  # fmt: skip
PROCEDURES = ["Procédure adaptée", "Appel d'offres ouvert", "Procédure avec négociation"]


def contracts():
    rows = []
    considerations = cycle(CONSIDERATIONS)
    dates = cycle(DATES)
    procedures = cycle(PROCEDURES)
    for b_index, (siret, name, kind, dept, region) in enumerate(BUYERS):
        for i_index, (cpv, obj, amount) in enumerate(ITEMS):
            if (b_index + i_index) % 3 == 2 and b_index > 4:
                continue  # smaller buyers publish fewer contracts
            social, social_detail, env, env_detail = next(considerations)
            day = next(dates)
            if day < "2024-01-01":
                # Before 2024 the DECP had no consideration fields.
                social, social_detail, env, env_detail = "unknown", None, "unknown", None
            rows.append(
                {
                    "contract_id": f"{day[:4]}-{b_index:02d}{i_index:02d}",
                    "kind": "marche",
                    "buyer_siret": siret,
                    "buyer_name": name,
                    "buyer_kind": kind,
                    "buyer_departement": dept,
                    "buyer_region": region,
                    "object": obj,
                    "cpv": cpv,
                    "procedure": next(procedures),
                    "nature": "Marché",
                    "amount": amount * (1 + b_index / 10),
                    "duration_months": 12 + i_index,
                    "notification_date": day,
                    "departement": dept,
                    "region": region,
                    "social": social,
                    "social_clause": social_detail == "clause",
                    "social_criterion": social_detail == "criterion",
                    "social_reserved": social_detail == "reserved",
                    "environmental": env,
                    "env_clause": env_detail == "clause",
                    "env_criterion": env_detail == "criterion",
                    "source_file": "decp-2024-hdf.json",
                }
            )
    # The Région of Hauts-de-France buys a lot in 2025: above the SPASER threshold.
    rows.append(
        {
            "contract_id": "2025-LYCEES",
            "buyer_siret": "20005374200014",
            "buyer_name": "Région Hauts-de-France",
            "buyer_kind": "region",
            "buyer_departement": "59",
            "buyer_region": "32",
            "object": "Construction et rénovation énergétique des lycées",
            "cpv": "45214220",
            "procedure": "Appel d'offres ouvert",
            "amount": 62_000_000.0,
            "notification_date": "2025-05-12",
            "departement": "62",
            "region": "32",
            "social": "yes",
            "social_clause": True,
            "environmental": "yes",
            "env_criterion": True,
        }
    )
    # A concession (its value is reported apart from the marchés).
    rows.append(
        {
            "contract_id": "DSP-RESEAU-CHALEUR",
            "kind": "concession",
            "buyer_siret": "20009320100016",
            "buyer_name": "Métropole européenne de Lille",
            "buyer_kind": "epci",
            "buyer_departement": "59",
            "buyer_region": "32",
            "object": "Délégation de service public du réseau de chaleur",
            "cpv": "09300000",
            "nature": "Concession de service public",
            "procedure": "Procédure négociée ouverte",
            "amount": 150_000_000.0,
            "notification_date": "2024-11-05",
            "departement": "59",
            "region": "32",
            "social": "no",
            "environmental": "yes",
            "env_clause": True,
        }
    )
    # A record whose amount and CPV are unusable (kept, with quality notes).
    rows.append(
        {
            "contract_id": "2025-SANS-MONTANT",
            "buyer_siret": "21590350100017",
            "buyer_name": "Ville de Lille",
            "buyer_kind": "commune",
            "buyer_departement": "59",
            "buyer_region": "32",
            "object": "Prestations de nettoyage des écoles",
            "cpv": None,
            "amount": None,
            "notification_date": "2025-04-01",
            "departement": "59",
            "region": "32",
            "social": "unknown",
            "environmental": "unknown",
            "notes_count": 2,
        }
    )
    return rows


def holders(rows):
    return [
        {"uid": f"{row['buyer_siret']}/{row['contract_id']}", "holder_id": "44306184100047",
         "id_type": "SIRET", "name": "Entreprise d'insertion du Nord"}
        for row in rows
    ]  # fmt: skip


def notes():
    return [
        {"uid": "21590350100017/2025-SANS-MONTANT", "field": "montant", "value": "",
         "code": "amount_missing", "severity": "warning",
         "message": "Montant absent : le contrat est gardé sans montant."},
        {"uid": "21590350100017/2025-SANS-MONTANT", "field": "codeCPV", "value": "4521",
         "code": "cpv_malformed", "severity": "warning",
         "message": "Code CPV mal formé (4 chiffres)."},
        {"uid": None, "field": "acheteur.id", "value": "123", "code": "buyer_siret_invalid",
         "severity": "error", "message": "SIRET de l'acheteur invalide : enregistrement écarté."},
    ]  # fmt: skip
