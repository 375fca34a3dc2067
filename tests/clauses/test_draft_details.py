"""Facts of the buyer's own structure that some duties hang on: vehicle fleet, population.

Given through the recommender's form (or `apure recommend`, which validates with it), they
settle the « à vérifier » of the low-emission vehicle and plastic-container rules.
"""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from apure.clauses.recommend import recommend
from apure.obligations import ContractDraft
from apure.reference.models import CpvCode

from .reading import obligations_on_page

VEHICLES = "Véhicules à faibles et très faibles émissions"
PLASTIC = (
    "Interdiction des contenants alimentaires en plastique (restauration scolaire et petite "
    "enfance)"
)
CARS = {"objet": "Achat de voitures de service", "cpv": "34110000", "montant": "300 000",
        "acheteur_type": "commune", "date_lancement": "2026-12-07",
        "type_contrat": "marche"}  # fmt: skip
# A school-catering contract of one year launched in December 2026: it ends before 2028, the
# date the ban reaches communes under 2 000 inhabitants.
SCHOOL_MEALS = {"objet": "Restauration scolaire", "cpv": "55524000", "montant": "500 000",
                "acheteur_type": "commune", "date_lancement": "2026-12-07",
                "type_contrat": "marche", "duree_mois": "12"}  # fmt: skip


@pytest.fixture
def codes(db):
    CpvCode.objects.bulk_create([
        CpvCode(code="34110000", check_digit="1", label="Voitures particulières"),
        CpvCode(code="55524000", check_digit="9", label="Services de restauration scolaire"),
    ])  # fmt: skip


def obligations(client, params):
    response = client.get(reverse("clauses:recommend"), params)
    html = response.content.decode()
    assert "errorlist" not in html
    return obligations_on_page(html)


@pytest.mark.parametrize(
    "fleet,status", [("", "À vérifier"), ("20", "Non applicable"), ("21", "Applicable")]
)
def test_the_fleet_size_settles_the_low_emission_vehicle_duty(codes, client, fleet, status):
    found = obligations(client, {**CARS, "flotte_vehicules_legers": fleet})
    assert found[VEHICLES] == status


@pytest.mark.parametrize(
    "population,status",
    [("", "À vérifier"), ("1 999", "Non applicable"), ("2\u00a0000", "Applicable")],
)
def test_the_communes_population_dates_the_plastic_container_ban(codes, client, population, status):
    found = obligations(client, {**SCHOOL_MEALS, "population_commune": population})
    assert found[PLASTIC] == status


def test_the_form_refuses_a_fleet_that_is_not_a_whole_count(codes, client):
    response = client.get(reverse("clauses:recommend"),
                          {**CARS, "flotte_vehicules_legers": "20,5"})  # fmt: skip
    html = response.content.decode()
    assert 'id="id_flotte_vehicules_legers_error"' in html
    assert "Obligations légales" not in html


def test_the_fields_are_offered_with_the_rules_thresholds(db, client):
    html = client.get(reverse("clauses:recommend")).content.decode()
    assert "Véhicules légers de votre flotte" in html and "au-delà de 20," in html
    assert "Population de la commune (habitants)" in html
    assert "sous 2\u202f000 habitants" in html


@pytest.mark.parametrize(
    "option,value,code,status",
    [
        ("--flotte-vehicules-legers", "21", "vehicules-faibles-emissions", "applicable"),
        ("--flotte-vehicules-legers", "20", "vehicules-faibles-emissions", "non applicable"),
        ("--population-commune", "2 000", "contenants-plastique", "applicable"),
        ("--population-commune", "1 999", "contenants-plastique", "non applicable"),
    ],
)
def test_the_command_takes_the_same_facts(codes, capsys, option, value, code, status):
    project = CARS if code == "vehicules-faibles-emissions" else SCHOOL_MEALS
    options = [f"--{key.replace('_', '-')}={text}" for key, text in project.items()]
    call_command("recommend", *options, option, value, "--json")
    output = json.loads(capsys.readouterr().out)
    assert {o["code"]: o["status"] for o in output["obligations"]}[code] == status


def test_reuse_clauses_are_boosted_while_the_agec_floors_are_to_check(library, cpv_codes):
    # Furniture bought from late 2026 runs into 2027, whose floors our sources lack: the duty
    # is « à vérifier », and the clauses that help meet it still come first.
    result = recommend(
        ContractDraft(object="Mobilier pour les lycées", cpv="39160000", amount_ht=400_000,
                      buyer_kind="region", launch_date=date(2026, 10, 1))
    )  # fmt: skip
    assert {o.code: o.status for o in result.obligations}["agec-reemploi"] == "à vérifier"
    reuse = next(r for r in result.clauses if r.clause.slug == "fixture-mobilier-reemploi")
    assert "Aide à atteindre les taux de réemploi (loi AGEC)" in reuse.reasons
