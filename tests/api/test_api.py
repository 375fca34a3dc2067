import pytest

from apure.api import schema

pytestmark = pytest.mark.django_db
OPENAPI = schema.document()
TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "array": list,
         "boolean": bool, "null": type(None)}  # fmt: skip


def _resolve(schema):
    while "$ref" in schema:
        schema = OPENAPI["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def check(value, schema, where="$"):
    """A small subset of JSON Schema: type, required, properties, items, additionalProperties."""
    schema = _resolve(schema)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        expected = tuple(
            t
            for name in types
            for t in (TYPES[name] if isinstance(TYPES[name], tuple) else (TYPES[name],))
        )  # noqa: E501
        assert isinstance(value, expected) and not (
            isinstance(value, bool) and "boolean" not in types
        ), f"{where}: {value!r} is not {types}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check(value[key], sub, f"{where}.{key}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key, item in value.items():
                check(item, extra, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], f"{where}[{index}]")


def _schema(path, status="200"):
    content = OPENAPI["paths"][path]["get"]["responses"][status]["content"]
    return content["application/json"]["schema"]


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/indicateurs/?annee=2025", "/api/indicateurs/"),
        ("/api/indicateurs/ecart_pnad/?region=32", "/api/indicateurs/{code}/"),
        ("/api/indicateurs/estimation_spaser/", "/api/indicateurs/{code}/"),
        ("/api/marches/?taille=5&page=2", "/api/marches/"),
        ("/api/marches/21590350100017/2025-SANS-MONTANT/", "/api/marches/{uid}/"),
        ("/api/acheteurs/20005374200014/", "/api/acheteurs/{siret}/"),
    ],
)
def test_responses_follow_the_openapi_description(client, observatory_store, url, path):
    response = client.get(url)
    assert response.status_code == 200
    check(response.json(), _schema(path))


def test_api_covers_all_of_france_unless_asked(client, observatory_store):
    assert client.get("/api/indicateurs/").json()["contracts"] == len(observatory_store)
    hdf = client.get("/api/indicateurs/?region=32").json()["contracts"]
    assert 0 < hdf < len(observatory_store)


def test_contract_list_is_paginated_and_capped(client, observatory_store):
    data = client.get("/api/marches/?taille=1000").json()
    assert data["size"] == 200
    assert data["count"] == len(observatory_store)
    assert client.get("/api/marches/?taille=5").json()["pages"] == -(-len(observatory_store) // 5)


def test_errors_are_json_in_french(client, observatory_store):
    assert client.get("/api/marches/nope/").status_code == 404
    assert client.get("/api/indicateurs/inconnu/").json()["detail"].startswith("Indicateur")
    warnings = client.get("/api/indicateurs/?acheteur=12").json()["warnings"]
    assert warnings and "SIRET" in warnings[0]


def test_no_data_answers_503(client, empty_store):
    response = client.get("/api/indicateurs/")
    assert response.status_code == 503
    assert response.json() == {"detail": "Aucune donnée importée."}


def test_openapi_document_is_served_and_lists_every_route(client):
    served = client.get("/api/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    assert set(served["paths"]) == {
        "/api/", "/api/indicateurs/", "/api/indicateurs/{code}/", "/api/marches/",
        "/api/marches/{uid}/", "/api/acheteurs/{siret}/", "/api/openapi.json",
        "/api/ocds/marches/", "/api/ocds/marches/{uid}/", "/api/ocds/extension/{name}",
    }  # fmt: skip
