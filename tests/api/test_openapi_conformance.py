"""Real responses of every endpoint against the served OpenAPI document, strictly: every
returned field must be declared and of the declared type (jsonschema is not installed)."""

import json
import re

import pytest

from apure.observatory import indicators, store_query
from apure.observatory.contracts import CONTRACT_FIELDS

pytestmark = pytest.mark.django_db
TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "array": list,
         "boolean": bool, "null": type(None)}  # fmt: skip
BUYER = "20005374200014"
DATE = r"\d{4}-\d{2}-\d{2}"
CONTRACT = "21590350100017/2025-SANS-MONTANT"
# One real request per documented path (and method GET), with the statuses it must document.
REQUESTS = {
    "/api/": ["/api/"],
    "/api/indicateurs/": ["/api/indicateurs/?annee=2025", "/api/indicateurs/?region=32"],
    "/api/indicateurs/{code}/": [
        *(f"/api/indicateurs/{i.code}/" for i in indicators.all_indicators()),
        *(f"/api/indicateurs/{i.code}/?acheteur={BUYER}" for i in indicators.all_indicators()),
        "/api/indicateurs/inconnu/",
    ],
    "/api/marches/": ["/api/marches/?taille=5&page=2", "/api/marches/?page=99999"],
    "/api/marches/{uid}/": [f"/api/marches/{CONTRACT}/", "/api/marches/nope/"],
    "/api/acheteurs/{siret}/": [
        f"/api/acheteurs/{BUYER}/",
        "/api/acheteurs/123/",
        "/api/acheteurs/99999999999999/",
    ],  # fmt: skip
    "/api/openapi.json": ["/api/openapi.json"],
    "/api/ocds/marches/": [
        "/api/ocds/marches/?annee=2025",
        "/api/ocds/marches/?acheteur=99999999999999",
    ],
    "/api/ocds/marches/{uid}/": [f"/api/ocds/marches/{CONTRACT}/", "/api/ocds/marches/nope/"],
    "/api/ocds/extension/{name}": [
        "/api/ocds/extension/extension.json",
        "/api/ocds/extension/nope.json",
    ],
}


def _resolve(openapi, node):
    while "$ref" in node:
        section, name = node["$ref"].split("/")[-2:]
        node = openapi["components"][section][name]
    return node


def undeclared_or_mistyped(openapi, value, schema, where="$"):
    """Problems of `value` against a subset of JSON Schema, listed rather than raised."""
    schema = _resolve(openapi, schema)
    problems = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        expected = tuple(t for name in names for t in (
            TYPES[name] if isinstance(TYPES[name], tuple) else (TYPES[name],)))  # fmt: skip
        if not isinstance(value, expected) or (isinstance(value, bool) and "boolean" not in names):
            return [f"{where}: {value!r} is not {names}"]
        is_text = isinstance(value, str)
        if schema.get("format") == "date" and is_text and not re.fullmatch(DATE, value):
            problems.append(f"{where}: {value!r} is not a date")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        declared = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        problems += [f"{where}: missing {key}" for key in schema.get("required", [])
                     if key not in value]  # fmt: skip
        for key, item in value.items():
            if key in declared:
                problems += undeclared_or_mistyped(openapi, item, declared[key], f"{where}.{key}")
            elif isinstance(extra, dict):
                problems += undeclared_or_mistyped(openapi, item, extra, f"{where}.{key}")
            elif declared and extra is not True:
                problems.append(f"{where}.{key}: not declared")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += undeclared_or_mistyped(openapi, item, schema["items"], f"{where}[{index}]")
    return problems


@pytest.fixture
def openapi(client):
    return client.get("/api/openapi.json").json()


def test_every_documented_path_is_exercised(openapi):
    assert set(openapi["paths"]) == set(REQUESTS)


@pytest.mark.parametrize(("path", "url"), [(p, u) for p, urls in REQUESTS.items() for u in urls])
def test_real_responses_match_the_openapi_document(client, observatory_store, openapi, path, url):
    response = client.get(url)
    responses = openapi["paths"][path]["get"]["responses"]
    assert str(response.status_code) in responses, f"{url}: {response.status_code} undocumented"
    described = _resolve(openapi, responses[str(response.status_code)])
    assert response["Content-Type"] == "application/json"
    schema = described["content"]["application/json"]["schema"]
    # OCDS packages are streamed: read the whole answer.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert undeclared_or_mistyped(openapi, json.loads(body), schema) == []


def test_wrong_methods_are_documented_and_answered(client, observatory_store, openapi):
    for path, urls in REQUESTS.items():
        response = client.post(urls[0])
        assert response.status_code == 405, path
        described = _resolve(openapi, openapi["paths"][path]["get"]["responses"]["405"])
        assert "Allow" in described["headers"]
        assert undeclared_or_mistyped(openapi, response.json(), _resolve(
            openapi, described)["content"]["application/json"]["schema"]) == []  # fmt: skip


def test_no_data_answers_are_documented(client, empty_store, openapi):
    for path, urls in REQUESTS.items():
        response = client.get(urls[0])
        if response.status_code == 503:
            assert "503" in openapi["paths"][path]["get"]["responses"], path


CELL_TYPES = {"text": (str,), "int": (int,), "year": (int, str), "share": (int, float),
              "eur": (int, float), "points": (int, float), "bool": (bool,)}  # fmt: skip


@pytest.mark.parametrize("code", [indicator.code for indicator in indicators.all_indicators()])
@pytest.mark.parametrize("query", ["", f"?acheteur={BUYER}"])
def test_indicator_rows_hold_only_described_keys(client, observatory_store, code, query):
    """Rows are described by `columns` and `details`: no other key, values of their kind."""
    data = client.get(f"/api/indicateurs/{code}/{query}").json()
    kinds = {column["key"]: column["kind"] for column in data["columns"] + data["details"]}
    for row in data["rows"]:
        assert set(row) <= set(kinds), set(row) - set(kinds)
        for key, value in row.items():
            if value is not None:
                assert isinstance(value, CELL_TYPES[kinds[key]]), (key, value)
                assert kinds[key] == "bool" or not isinstance(value, bool), (key, value)


def test_year_columns_are_declared_as_years(client, observatory_store):
    data = client.get("/api/indicateurs/part_sociale/").json()
    year = next(column for column in data["columns"] if column["key"] == "year")
    assert year["kind"] == "year"
    assert any(isinstance(row["year"], int) for row in data["rows"])


def test_every_store_column_is_described(observatory_store):
    columns = store_query.fetch_dicts("SELECT * FROM contracts LIMIT 1")[0]
    assert set(columns) == set(CONTRACT_FIELDS)
