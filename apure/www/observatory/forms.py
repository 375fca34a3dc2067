"""The filter form of the observatory pages, as plain data for a light template.

Rendered with a few loops instead of Django form widgets: the département list alone has a
hundred options, and widget templates made the form the slowest part of the pages.
"""

from apure.observatory import contracts, geography, labels, segments
from apure.observatory.filters import AMOUNT_BANDS


def _select(name, label, options, selected, empty):
    return {
        "name": name,
        "id": f"filtre-{name}",
        "label": label,
        "kind": "select",
        "options": [("", empty, not selected)]
        + [(value, text, value == selected) for value, text in options],
    }


def _text(name, label, value, help_text, max_length):
    return {"name": name, "id": f"filtre-{name}", "label": label, "kind": "text",
            "value": value, "help": help_text, "max_length": max_length}  # fmt: skip


def filter_fields(filters):
    years = {
        "name": "annee",
        "label": "Années",
        "kind": "checkboxes",
        "options": [
            (str(year), str(year), year in filters.years) for year in contracts.available_years()
        ],
    }
    regions = sorted(geography.regions().items(), key=lambda item: item[1])
    departements = [
        (code, f"{code} {name}") for code, (name, _) in geography.departements().items()
    ]
    return [
        years,
        _select("region", "Région", regions, filters.region, "Toute la France"),
        _select("departement", "Département", departements, filters.departement, "Tous"),
        _text("acheteur", "SIRET de l'acheteur", filters.buyer, "14 chiffres", 14),
        _select("categorie", "Catégorie d'acheteur",
                [*labels.BUYER_KINDS.items(), (labels.UNKNOWN_BUYER_KIND, "Inconnue")],
                filters.buyer_kind, "Toutes"),
        _select("segment", "Segment d'achat",
                [(s.code, s.label) for s in segments.all_segments()], filters.segment, "Tous"),
        _text("cpv", "Division CPV", filters.cpv_division, "2 chiffres, ex. 45", 2),
        _select("procedure", "Procédure", [(p, p) for p in contracts.procedures()],
                filters.procedure, "Toutes"),
        _select("montant", "Tranche de montant",
                [(code, label) for code, (label, _, _) in AMOUNT_BANDS.items()],
                filters.amount_band, "Tous"),
        _select("type", "Type de contrat", list(labels.CONTRACT_KINDS.items()), filters.kind,
                "Tous"),
    ]  # fmt: skip
