"""The one commune lookup of the site (apure.reference.communes): a commune typed as its INSEE
code, its postcode or its name means the same on every page, with the same error."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from apure.reference.communes import UNKNOWN_COMMUNE, CommuneField, find_commune
from apure.reference.models import Commune

WWW = Path(__file__).resolve().parents[2] / "apure" / "www"
SHARED_WEB_APP = "pages"  # the site's frame (base templates, template tags): every app uses it


@pytest.fixture
def communes(geography):
    for code, name, postcodes in (
        ("59350", "Lille", "59000 59800"),
        ("59512", "Roubaix", "59100"),
        ("62041", "Arras", "62000"),
        ("59009", "Villeneuve-d'Ascq", "59491 59650"),
        ("27375", "Saint-Aubin-sur-Gaillon", "27600"),
        ("27679", "Saint-Pierre-la-Garenne", "27600"),
    ):
        Commune.objects.create(code=code, name=name, departement_id=code[:2], postcodes=postcodes)


def test_a_commune_is_found_by_its_code_a_postcode_or_its_name_whatever_the_case(communes):
    assert find_commune("59350").name == "Lille"
    assert find_commune(" 59800 ").name == "Lille"  # a second postcode of the commune
    assert find_commune("lille").code == "59350"
    assert find_commune("VILLENEUVE-D'ASCQ").code == "59009"
    assert find_commune("arras").code == "62041"


def test_an_unknown_or_ambiguous_commune_is_not_guessed(communes):
    assert find_commune("") is None
    assert find_commune("Atlantide") is None
    assert find_commune("27600") is None  # a postcode of two communes: which one?
    assert find_commune("99999") is None


def test_the_form_field_gives_the_commune_or_the_french_error(communes):
    field = CommuneField(required=False)
    assert field.clean("Roubaix").code == "59512"
    assert field.clean("") is None
    with pytest.raises(ValidationError) as error:
        field.clean("Atlantide")
    assert error.value.messages == [UNKNOWN_COMMUNE]
    assert UNKNOWN_COMMUNE.startswith("Commune introuvable\u00a0: indiquez son code INSEE")


def _www_imports(module: Path) -> set[str]:
    """The other web apps a module of apure/www imports from."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[2] for name in names if name.startswith("apure.www.")}


def test_web_apps_share_rules_through_the_domain_not_through_each_other():
    crossings = []
    for module in WWW.rglob("*.py"):
        app = module.relative_to(WWW).parts[0]
        for other in _www_imports(module) - {app, SHARED_WEB_APP}:
            crossings.append(f"{module.relative_to(WWW)} → apure.www.{other}")
    assert crossings == []
