"""The OCDS 1.1.5 JSON Schemas shipped in the repo, patched with the declared extensions, as
jsonschema validators (draft 4, as the standard; formats checked, as the standard's tools do)."""

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

import jsonschema

DATA = Path(__file__).resolve().parents[2] / "apure" / "observatory" / "data" / "ocds"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
# RFC 3339 date-time, checked here: jsonschema checks it only with an optional package.
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time")
def _is_date_time(value):
    if not isinstance(value, str):
        return True
    return bool(DATE_TIME.fullmatch(value)) and bool(datetime.fromisoformat(value))


def _load(*parts):
    return json.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch: how OCDS extensions patch the release schema."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def release_schema(extended=True):
    schema = _load("standard-1.1.5", "release-schema.json")
    if extended:
        for folder in ("sustainability", "techniques", "apure-decp-extension"):
            schema = merge_patch(schema, _load(folder, "release-schema.json"))
    return schema


@cache
def _validator(name, extended):
    release = release_schema(extended)
    if name == "release":
        schema = release
    else:
        # The package refers to the release schema by its published URL: put the shipped (and
        # patched) copy in its place, so that nothing is fetched from the network.
        schema = _load("standard-1.1.5", name)
        items = schema["properties"]["releases"]["items"]
        assert items == {"$ref": RELEASE_URL}, items
        schema["properties"]["releases"]["items"] = release
    return jsonschema.Draft4Validator(schema, format_checker=FORMATS)


def errors(document, name="release-package-schema.json", extended=True):
    """Validation errors of a document (messages with their path), [] when valid."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator(name, extended).iter_errors(document)
    ]
