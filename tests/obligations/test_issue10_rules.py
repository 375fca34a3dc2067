"""Rules fixed or added for issue #10, each on its legal boundary (dates, amounts, buyer kinds)."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from apure.obligations import APPLICABLE, NOT_APPLICABLE, POSSIBLE, TO_CHECK, ContractDraft
from apure.obligations import reference as ref
from apure.obligations.rules import (
    RULES,
    advertising,
    agec_reuse,
    award_criterion,
    biosourced_materials,
    clean_vehicles,
    concession_report,
    egalim,
    essential_data,
    it_equipment_reuse,
    plastic_containers,
    reserved_disability_insertion,
    social_condition,
    solar_origin,
    sustainable_specifications,
)

LAUNCH = date(2026, 12, 7)
SCHOOL_MEALS = "55523100"
LEGIFRANCE = "https://www.legifrance.gouv.fr/jorf/id/"


def draft(**fields):
    fields.setdefault("object", "Marché de test")
    fields.setdefault("buyer_kind", "commune")
    fields.setdefault("launch_date", LAUNCH)
    return ContractDraft(**fields)


# Social and other specific services: adapted procedure whatever the amount (R2123-1 3°).
@pytest.mark.parametrize("amount,ojeu", [(216_000, False), (749_999, False), (750_000, True)])
def test_school_catering_above_216k_stays_an_adapted_procedure(amount, ojeu):
    result = advertising.evaluate(draft(cpv=SCHOOL_MEALS, amount_ht=amount))
    assert result.details["procedure"] == "procédure adaptée"
    assert "R2123-1 3°" in result.reference
    assert ("Journal officiel de l'Union européenne" in result.explanation) is ojeu


def test_utilities_use_the_one_million_social_services_threshold():
    result = advertising.evaluate(
        draft(cpv="79710000", amount_ht=999_999, buyer_kind="entite-adjudicatrice")
    )
    assert result.details["procedure"] == "procédure adaptée"
    assert result.details["social_specific_services_threshold"] == 1_000_000


def test_both_rules_read_the_same_social_services_list():
    # One list: the procedure and the social condition agree on what a SSOS is.
    assert (
        advertising.evaluate(draft(cpv="55510000", amount_ht=500_000)).details["procedure"]
        == "procédure adaptée"
    )
    assert social_condition.evaluate(draft(cpv="55510000", amount_ht=500_000)).status == TO_CHECK


@pytest.mark.parametrize("amount,boamp", [(89_999, False), (90_000, True)])
def test_mapa_from_90k_is_advertised_in_boamp_or_jal(amount, boamp):
    result = advertising.evaluate(draft(cpv="39100000", amount_ht=amount))
    assert result.details["procedure"] == "procédure adaptée"
    assert ("BOAMP ou dans un journal habilité" in result.explanation) is boamp


def test_mapa_publicity_of_a_hospital_is_to_check():
    result = advertising.evaluate(draft(cpv="39100000", amount_ht=100_000, buyer_kind="hopital"))
    assert result.status == TO_CHECK


@pytest.mark.parametrize(
    "launch,threshold", [(date(2026, 3, 31), 40_000), (date(2026, 4, 1), 60_000)]
)
def test_buyer_profile_threshold_was_40k_before_april_2026(launch, threshold):
    result = advertising.evaluate(draft(cpv="45453000", amount_ht=150_000, launch_date=launch))
    assert result.details["buyer_profile_threshold"] == threshold
    assert "profil d'acheteur" in result.explanation


# Award criteria before 21 August 2026: price alone was never open to works or concessions.
BEFORE_DECREE = date(2026, 8, 20)


def test_works_before_the_decree_never_allow_price_alone():
    result = award_criterion.evaluate(draft(cpv="45453000", launch_date=BEFORE_DECREE))
    assert result.status == NOT_APPLICABLE
    assert "peut rester le critère unique" not in result.explanation
    assert "n'a jamais pu être le critère unique" in result.explanation


def test_concessions_before_the_decree_need_several_criteria():
    result = award_criterion.evaluate(
        draft(cpv="90910000", kind="concession", launch_date=BEFORE_DECREE)
    )
    assert "plusieurs critères" in result.explanation and "L3124-5" in result.explanation


def test_price_alone_before_the_decree_only_for_standardised_supplies():
    result = award_criterion.evaluate(draft(cpv="39100000", launch_date=BEFORE_DECREE))
    assert "standardisés" in result.explanation


# Concessions: essential data (R3131-1, no threshold) and the concessionaire's report.
def test_concession_essential_data_cite_r3131_1_without_threshold():
    result = essential_data.evaluate(draft(cpv="90910000", kind="concession", amount_ht=10_000))
    assert result.status == APPLICABLE
    assert "R3131-1" in result.reference and "R2196-1" not in result.reference
    assert "avant le début de son exécution" in result.explanation
    assert result.reference_url == LEGIFRANCE + "JORFTEXT000046850535"


@pytest.mark.parametrize(
    "launch,status", [(date(2026, 8, 20), NOT_APPLICABLE), (date(2026, 8, 21), APPLICABLE)]
)
def test_concessionaire_report_covers_environment_and_insertion_from_21_august_2026(launch, status):
    result = concession_report.evaluate(
        draft(cpv="90910000", kind="concession", launch_date=launch)
    )
    assert result.status == status
    assert "R3131-3" in result.reference


def test_concessionaire_report_does_not_concern_a_marche():
    assert concession_report.evaluate(draft(cpv="90910000")).status == NOT_APPLICABLE


# Sustainability: L2111-1 already applies before the art. 35 date.
@pytest.mark.parametrize("launch", [date(2026, 8, 20), date(2026, 8, 21)])
def test_needs_take_sustainable_development_into_account_before_august_2026(launch):
    result = sustainable_specifications.evaluate(draft(cpv="39100000", launch_date=launch))
    assert result.status == APPLICABLE
    assert "L2111-1" in result.reference
    assert "ne s'applique pas encore" not in result.explanation


# AGEC art. 58.
def test_agec_covers_a_commune_acting_as_entite_adjudicatrice():
    result = agec_reuse.evaluate(draft(cpv="39112000", buyer_kind="entite-adjudicatrice"))
    assert result.status == TO_CHECK
    assert "commune, un groupement ou un syndicat" in result.explanation


@pytest.mark.parametrize(
    "launch,months,periods",
    [
        (date(2026, 11, 30), 1, ["2024"]),
        (date(2026, 12, 7), 1, ["2024", "2027"]),
        (date(2026, 12, 7), None, ["2024", "2027", "2030"]),
    ],
)
def test_agec_shows_the_floors_of_every_year_the_contract_runs(launch, months, periods):
    result = agec_reuse.evaluate(draft(cpv="18100000", launch_date=launch,
                                       duration_months=months))  # fmt: skip
    assert [p["period"] for p in result.details["floors"]] == periods
    if "2027" in periods:  # textiles: 15 % reuse and 25 % recycled in 2027
        assert "réemploi ou réutilisation 15 %, matières recyclées 25 %" in result.explanation


@pytest.mark.parametrize(
    "cpv,category", [("34430000", 7), ("34421000", 7), ("34410000", 7), ("34110000", 8)]
)
def test_two_wheelers_belong_to_category_7(cpv, category):
    assert ref.agec_category(cpv)["number"] == category


def test_agec_links_to_the_decree_on_legifrance():
    result = agec_reuse.evaluate(draft(cpv="39112000"))
    assert result.reference_url == LEGIFRANCE + "JORFTEXT000049184670"
    assert result.as_dict()["reference_url"] == result.reference_url


def test_no_link_is_invented_for_a_reference_without_known_identifier():
    result = social_condition.evaluate(draft(cpv="39100000", amount_ht=500_000))
    assert result.as_dict()["reference_url"] is None


# Faculties are « possible », not obligations.
def test_reservation_is_a_possibility_on_the_page_and_in_json():
    result = reserved_disability_insertion.evaluate(draft(cpv="90910000"))
    assert result.as_dict()["status"] == "possible" == POSSIBLE
    html = render_to_string("clauses/_obligation.html", {"item": result})
    assert "Possibilité" in html and "status-possible" in html


def test_obligation_card_links_the_reference_when_its_address_is_known():
    html = render_to_string("clauses/_obligation.html",
                            {"item": agec_reuse.evaluate(draft(cpv="39112000"))})  # fmt: skip
    assert f'href="{LEGIFRANCE}JORFTEXT000049184670"' in html


# EGalim.
@pytest.mark.parametrize(
    "launch,status", [(date(2021, 12, 31), NOT_APPLICABLE), (date(2022, 1, 1), APPLICABLE)]
)
def test_egalim_shares_for_collective_catering(launch, status):
    result = egalim.evaluate(draft(cpv=SCHOOL_MEALS, launch_date=launch))
    assert result.status == status
    if status == APPLICABLE:
        assert "50\u00a0%" in result.explanation and "20\u00a0%" in result.explanation
        assert "L230-5-1" in result.reference


def test_egalim_meat_and_fish_share_is_never_stated_as_certain():
    result = egalim.evaluate(draft(cpv=SCHOOL_MEALS))
    assert "À vérifier\u00a0: une part de 60\u00a0% de viandes et poissons" in result.explanation


def test_egalim_food_supplies_are_to_check_and_other_purchases_not_concerned():
    assert egalim.evaluate(draft(cpv="15300000")).status == TO_CHECK
    assert egalim.evaluate(draft(cpv="30213100")).status == NOT_APPLICABLE
    assert egalim.evaluate(draft(cpv=SCHOOL_MEALS, buyer_kind="autre")).status == TO_CHECK


# Plastic containers in school and early-childhood catering.
@pytest.mark.parametrize(
    "population,status", [(1_999, NOT_APPLICABLE), (2_000, APPLICABLE), (None, TO_CHECK)]
)
def test_plastic_containers_ban_of_small_communes_starts_in_2028(population, status):
    result = plastic_containers.evaluate(
        draft(cpv=SCHOOL_MEALS, buyer_population=population, duration_months=12)
    )
    assert result.status == status


def test_plastic_containers_for_general_catering_is_to_check():
    result = plastic_containers.evaluate(draft(cpv="55520000", buyer_kind="departement"))
    assert result.status == TO_CHECK and "L541-15-10" in result.reference
    assert plastic_containers.evaluate(draft(cpv="39100000")).status == NOT_APPLICABLE


# Low-emission vehicles.
@pytest.mark.parametrize("fleet,status", [(20, NOT_APPLICABLE), (21, APPLICABLE), (None, TO_CHECK)])
def test_low_emission_vehicles_above_20_light_vehicles(fleet, status):
    result = clean_vehicles.evaluate(draft(cpv="34110000", light_vehicle_fleet=fleet))
    assert result.status == status
    if status != NOT_APPLICABLE:
        assert "à vérifier" in result.explanation  # yearly shares unverified


def test_buses_are_to_check_and_other_purchases_not_concerned():
    assert clean_vehicles.evaluate(draft(cpv="34121000")).status == TO_CHECK
    assert clean_vehicles.evaluate(draft(cpv="39100000")).status == NOT_APPLICABLE


# Biosourced materials from 2030 (L228-4).
@pytest.mark.parametrize(
    "launch,months,status",
    [
        (date(2026, 12, 31), 36, NOT_APPLICABLE),  # ends 31 December 2029
        (date(2027, 1, 1), 36, APPLICABLE),  # ends 1 January 2030
        (LAUNCH, None, TO_CHECK),
    ],
)
def test_biosourced_materials_for_works_running_into_2030(launch, months, status):
    result = biosourced_materials.evaluate(
        draft(cpv="45453000", launch_date=launch, duration_months=months)
    )
    assert result.status == status
    assert "L228-4" in result.reference


def test_biosourced_materials_do_not_concern_supplies():
    assert biosourced_materials.evaluate(draft(cpv="39100000")).status == NOT_APPLICABLE


def test_solar_equipment_place_of_manufacture():
    assert solar_origin.evaluate(draft(cpv="09331200")).status == TO_CHECK
    assert solar_origin.evaluate(draft(cpv="39100000")).status == NOT_APPLICABLE


# Retired IT equipment (décret 2023-266).
@pytest.mark.parametrize(
    "launch,share",
    [(date(2022, 12, 31), None), (date(2023, 1, 1), 0.25), (date(2024, 1, 1), 0.35),
     (date(2025, 1, 1), 0.5)],
)  # fmt: skip
def test_retired_it_equipment_reuse_share_by_year(launch, share):
    result = it_equipment_reuse.evaluate(
        draft(cpv="30213100", buyer_kind="region", launch_date=launch)
    )
    assert result.details.get("share") == share
    assert result.status == (NOT_APPLICABLE if share is None else APPLICABLE)


def test_retired_it_equipment_concerns_it_purchases_of_the_state_and_collectivites():
    assert it_equipment_reuse.evaluate(draft(cpv="39100000")).status == NOT_APPLICABLE
    result = it_equipment_reuse.evaluate(draft(cpv="30213100", buyer_kind="hopital"))
    assert result.status == NOT_APPLICABLE


def test_the_registry_holds_the_new_rules():
    codes = {rule.CODE for rule in RULES}
    assert {"egalim", "contenants-plastique", "vehicules-faibles-emissions",
            "materiaux-biosources", "equipements-solaires-origine", "informatique-reemploi",
            "rapport-concessionnaire"} <= codes  # fmt: skip
