"""The OpenAPI document of the API: openapi.json (hand-written text) completed with the parts
built from the lists of fields the views return, so that the two cannot drift apart."""

import json
from pathlib import Path

from apure.observatory import aggregates, contracts, exports
from apure.observatory.filters import PARAMETERS
from apure.observatory.indicators.base import KINDS

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"


def _type(kind, nullable=True):
    schema = {"type": [kind, "null"] if nullable else kind}
    if kind == "date":
        schema = {"type": ["string", "null"] if nullable else "string", "format": "date"}
    elif kind == "array":  # lists of labels (`techniques`)
        schema["items"] = {"type": "string"}
    return schema


def _properties(fields, names=None, required=()):
    return {
        name: _type(fields[name], nullable=name not in required)
        for name in (names if names is not None else fields)
    }


def _filters():
    return {
        "type": "object",
        "description": "Filtres appliqués, après validation (un filtre invalide est vide).",
        "required": list(PARAMETERS.values()),
        "properties": {
            name: {"type": "array", "items": {"type": "integer"}}
            if name == "annee"
            else {"type": "string"}
            for name in PARAMETERS.values()
        },
    }


def _column():
    kinds = "\u00a0; ".join(f"{kind}\u00a0: {meaning}" for kind, meaning in KINDS.items())
    return {
        "type": "object",
        "required": ["key", "label", "kind", "unit"],
        "properties": {
            "key": {"type": "string"},
            "label": {"type": "string"},
            "kind": {
                "type": "string",
                "enum": list(KINDS),
                "description": f"Valeurs de la colonne dans « rows »\u00a0: {kinds}.",
            },
            "unit": {
                "type": ["string", "null"],
                "description": "Unité des valeurs de la colonne dans « rows » "
                "(null pour le texte, les années et les nombres entiers).",
            },
        },
    }


def _small_sample(consideration):
    """The small-sample rule, said with its threshold (aggregates.MIN_KNOWN)."""
    minimum = aggregates.MIN_KNOWN
    properties = consideration["properties"]
    properties["enough_known"] = {
        "type": "boolean",
        "description": f"Vrai si au moins {minimum} contrats ont le champ renseigné. En "
        "dessous, toutes les parts de ce bloc (share_*) valent null et share_reason dit "
        "pourquoi\u00a0; les pages affichent « n.d. ».",
    }
    properties["share_reason"] = {
        "type": ["string", "null"],
        "description": "Pourquoi les parts valent null (échantillon insuffisant\u00a0: moins de "
        f"{minimum} contrats renseignés)\u00a0; null quand elles sont données.",
    }


def _list_choices(parameters):
    """The sort keys and the columns a contract list accepts, from the lists the code uses."""
    for parameter in parameters:
        if parameter.get("name") == "tri":
            parameter["schema"] = {"type": "string", "enum": list(contracts.SORTS)}
        elif parameter.get("name") == "colonne":
            columns = list(exports.CONTRACT_COLUMNS)
            parameter["schema"]["items"] = {"type": "string", "enum": columns}


def document() -> dict:
    spec = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    _small_sample(schemas["Consideration"])
    schemas["Filters"] = _filters()
    schemas["Column"] = _column()
    schemas["ContractSummary"]["properties"] = _properties(
        contracts.CONTRACT_FIELDS, contracts.LIST_FIELDS, schemas["ContractSummary"]["required"]
    )
    contract = schemas["Contract"]
    contract["properties"] = {
        **_properties(contracts.CONTRACT_FIELDS),
        "holders": {
            "type": "array",
            "items": {"type": "object", "properties": _properties(contracts.HOLDER_FIELDS)},
        },
        "notes": {
            "type": "array",
            "items": {"type": "object", "properties": _properties(contracts.NOTE_FIELDS)},
        },
    }
    for name in ("ContractSummary", "Contract", "Buyer"):
        del schemas[name]["$comment"]
    _list_choices(spec["paths"]["/api/marches/"]["get"]["parameters"])
    buyer = schemas["Buyer"]
    buyer["properties"] = {
        **_properties(contracts.BUYER_FIELDS, required=buyer["required"]),
        "indicators": {"$ref": "#/components/schemas/Summary"},
    }
    return spec


def endpoints() -> list[tuple[str, str]]:
    """(path, summary) of every documented route, for the index at /api/."""
    paths = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["paths"]
    return [(path, item["get"]["summary"]) for path, item in paths.items()]
