"""The 11 founding member bodies of APuRe Hauts-de-France (relaunch of 24 February 2022).

Source: Cerdd, articles on the relaunch of the network (2022), see docs/SOURCES.md §9.
SIREN numbers are given only where they are public and checked against the INSEE geography
files shipped in apure/reference/data (local authorities) or the SIRENE register; the others
are left blank rather than guessed.
"""

from .models import OrganisationKind as K

HAUTS_DE_FRANCE = "32"

FOUNDERS = [
    {
        "name": "Région Hauts-de-France",
        "short_name": "Région HdF",
        "kind": K.REGION,
        "siren": "200053742",
        "territory_code": "32",
        "departement": None,
    },
    {
        "name": "Conseil départemental du Nord",
        "short_name": "Département du Nord",
        "kind": K.DEPARTEMENT,
        "siren": "225900018",
        "territory_code": "59",
        "departement": "59",
    },
    {
        "name": "Conseil départemental de la Somme",
        "short_name": "Département de la Somme",
        "kind": K.DEPARTEMENT,
        "siren": "228000014",
        "territory_code": "80",
        "departement": "80",
    },
    {
        "name": "Métropole européenne de Lille",
        "short_name": "MEL",
        "kind": K.EPCI,
        "siren": "200093201",
        "territory_code": "200093201",
        "departement": "59",
    },
    {
        "name": "Communauté urbaine de Dunkerque",
        "short_name": "CUD",
        "kind": K.EPCI,
        "siren": "245900428",
        "territory_code": "245900428",
        "departement": "59",
    },
    {
        "name": "Ville de Lille",
        "short_name": "Lille",
        "kind": K.COMMUNE,
        "siren": "215903501",
        "territory_code": "59350",
        "departement": "59",
    },
    {
        "name": "Plateforme régionale des achats de l'État Hauts-de-France",
        "short_name": "PFRA",
        "kind": K.ETAT,
        "siren": "",
        "territory_code": "32",
        "departement": None,
        "description": "Relais régional de la Direction des achats de l'État, au sein du SGAR.",
    },
    {
        "name": "Association pour l'achat dans les services publics",
        "short_name": "APASP",
        "kind": K.ASSOCIATION,
        "siren": "",
        "territory_code": "",
        "departement": None,
        "region": None,
        "description": "Association nationale d'acheteurs publics fondée en 1962.",
    },
    {
        "name": "Acteurs pour une économie solidaire",
        "short_name": "Apes",
        "kind": K.ASSOCIATION,
        "siren": "",
        "territory_code": "32",
        "departement": None,
        "description": "Réseau régional de l'économie sociale et solidaire, créé en 2001.",
    },
    {
        "name": "Centre de développement des éco-entreprises",
        "short_name": "CD2E",
        "kind": K.ASSOCIATION,
        "siren": "",
        "territory_code": "62",
        "departement": "62",
        "description": "Accélérateur de l'éco-transition, co-animateur du réseau.",
    },
    {
        "name": "Centre ressource du développement durable",
        "short_name": "Cerdd",
        "kind": K.GIP,
        "siren": "",
        "territory_code": "62",
        "departement": "62",
        "description": "Groupement d'intérêt public, co-animateur du réseau (Loos-en-Gohelle).",
    },
]
