"""Each rule on the edges of its thresholds and dates (one euro below / at; day before / of)."""

from datetime import date

import pytest

from apure.obligations import (
    APPLICABLE,
    NOT_APPLICABLE,
    POSSIBLE,
    TO_CHECK,
    ContractDraft,
    evaluate,
)
from apure.obligations.draft import nature_from_cpv
from apure.obligations.rules import (
    advertising,
    agec_reuse,
    award_criterion,
    environmental_condition,
    essential_data,
    pemd_diagnostic,
    reserved_disability_insertion,
    reserved_ess,
    social_condition,
    spaser,
    sustainable_specifications,
)
from apure.obligations.thresholds import eu_threshold

AUTUMN_2026 = date(2026, 10, 1)


def draft(**fields):
    fields.setdefault("object", "Marché de test")
    fields.setdefault("buyer_kind", "commune")
    fields.setdefault("launch_date", AUTUMN_2026)
    return ContractDraft(**fields)


@pytest.mark.parametrize(
    "cpv,nature",
    [("45453000", "travaux"), ("39100000", "fournitures"), ("48000000", "fournitures"),
     ("90910000", "services"), (None, None)],
)  # fmt: skip
def test_nature_is_guessed_from_cpv_division(cpv, nature):
    assert nature_from_cpv(cpv) == nature


def test_unknown_buyer_kind_is_refused_in_french():
    with pytest.raises(ValueError, match="Type d'acheteur inconnu"):
        draft(buyer_kind="mairie")


@pytest.mark.parametrize(
    "launch,status",
    [(date(2026, 8, 20), NOT_APPLICABLE), (date(2026, 8, 21), APPLICABLE)],
)
def test_environmental_award_criterion_starts_with_the_decree(launch, status):
    result = award_criterion.evaluate(draft(cpv="39100000", launch_date=launch))
    assert result.status == status
    assert "L2152-7" in result.reference
    assert result.applies_from == date(2026, 8, 21)


def test_environmental_award_criterion_excludes_defence():
    result = award_criterion.evaluate(draft(cpv="39100000", defence_or_security=True))
    assert result.status == NOT_APPLICABLE
    assert "défense" in result.explanation


@pytest.mark.parametrize(
    "launch,status",
    [
        (date(2026, 8, 20), NOT_APPLICABLE),
        (date(2026, 8, 21), TO_CHECK),
        (date(2026, 8, 22), APPLICABLE),
    ],
)
def test_environmental_execution_condition_follows_the_law_date(launch, status):
    result = environmental_condition.evaluate(draft(cpv="90910000", launch_date=launch))
    assert result.status == status
    assert "L2112-2" in result.reference


def test_concession_cites_the_concession_articles():
    result = environmental_condition.evaluate(draft(cpv="90910000", kind="concession"))
    assert "L3114-2" in result.reference


def test_sustainable_specifications_of_a_concession_are_to_check():
    concession = sustainable_specifications.evaluate(draft(cpv="90910000", kind="concession"))
    marche = sustainable_specifications.evaluate(draft(cpv="90910000"))
    assert concession.status == TO_CHECK and "concession" in concession.explanation
    assert marche.status == APPLICABLE


@pytest.mark.parametrize(
    "buyer_kind,cpv,threshold",
    [
        ("commune", "39100000", 216_000),
        ("epci", "90910000", 216_000),
        ("departement", "90910000", 216_000),
        ("region", "39100000", 216_000),
        ("autre", "39100000", 216_000),
        ("hopital", "90910000", 216_000),
        ("etat", "90910000", 140_000),
        ("entite-adjudicatrice", "90910000", 432_000),
        ("etat", "39100000", 140_000),
        ("entite-adjudicatrice", "39100000", 432_000),
        ("region", "45453000", 5_404_000),
    ],
)
def test_social_execution_condition_at_the_eu_threshold(buyer_kind, cpv, threshold):
    below = social_condition.evaluate(
        draft(buyer_kind=buyer_kind, cpv=cpv, amount_ht=threshold - 1)
    )
    at = social_condition.evaluate(draft(buyer_kind=buyer_kind, cpv=cpv, amount_ht=threshold))
    assert below.status == NOT_APPLICABLE
    assert at.status == APPLICABLE
    assert "L2112-2-1" in at.reference
    assert at.details["threshold"] == threshold


def test_an_amount_a_cent_below_the_threshold_is_written_with_its_cents():
    result = social_condition.evaluate(draft(cpv="39100000", amount_ht=215_999.99))
    assert result.status == NOT_APPLICABLE
    assert "215\u202f999,99\u00a0€ HT) est sous le seuil européen de 216\u202f000\u00a0€" in (
        result.explanation
    )


def test_social_condition_uses_the_threshold_of_the_launch_period():
    assert eu_threshold(draft(cpv="39100000", launch_date=date(2025, 12, 31))).value == 221_000
    assert eu_threshold(draft(cpv="39100000", launch_date=date(2026, 1, 1))).value == 216_000
    assert eu_threshold(draft(cpv="45000000", launch_date=date(2022, 6, 1))).value == 5_382_000


def test_social_condition_marks_the_unverified_exception_to_check():
    result = social_condition.evaluate(draft(cpv="39100000", amount_ht=500_000))
    first, *others = result.exceptions
    assert first["status"] == TO_CHECK and "immédiatement disponible" in first["text"]
    assert all(case["status"] == APPLICABLE for case in others)


@pytest.mark.parametrize(
    "buyer_kind,amount,status",
    [
        ("hopital", 500_000, TO_CHECK),
        ("hopital", 750_000, APPLICABLE),
        ("entite-adjudicatrice", 800_000, TO_CHECK),
        ("entite-adjudicatrice", 1_000_000, APPLICABLE),
    ],
)
def test_social_condition_of_catering_between_the_two_eu_thresholds_is_to_check(
    buyer_kind, amount, status
):
    # Catering is a « social and other specific service »: its own EU threshold may apply.
    result = social_condition.evaluate(
        draft(buyer_kind=buyer_kind, cpv="55510000", amount_ht=amount)
    )
    assert result.status == status


def test_social_condition_of_a_reserved_contract_is_to_check():
    result = social_condition.evaluate(draft(cpv="39100000", amount_ht=500_000, reserved=True))
    assert result.status == TO_CHECK
    assert "réservé" in result.explanation


def test_social_condition_excludes_defence():
    result = social_condition.evaluate(
        draft(cpv="39100000", amount_ht=5_000_000, defence_or_security=True)
    )
    assert result.status == NOT_APPLICABLE


def test_agec_gives_the_floors_of_the_category_and_year():
    # Two months from 1 October 2026: the contract runs in 2026 only.
    result = agec_reuse.evaluate(draft(cpv="39112000", amount_ht=100_000, duration_months=2))
    assert result.status == APPLICABLE
    assert result.details["category_number"] == 9
    assert (result.details["reuse"], result.details["recycled"]) == (20, 15)
    assert "20 %" in result.explanation and "15 %" in result.explanation


def test_agec_leaves_unknown_rates_unset_and_says_so():
    result = agec_reuse.evaluate(draft(cpv="39112000", launch_date=date(2027, 1, 1)))
    assert result.details["reuse"] is None and result.details["recycled"] is None
    assert "non renseigné" in result.explanation
    assert result.status == TO_CHECK


def test_agec_uncertain_floor_is_not_stated_as_certain():
    result = agec_reuse.evaluate(draft(cpv="30213100", buyer_kind="etat"))
    assert result.details["category_number"] == 2 and result.details["reuse"] == 20
    assert result.status == TO_CHECK
    assert "pas confirmé" in result.explanation


@pytest.mark.parametrize(
    "launch,status",
    [
        (date(2020, 12, 31), NOT_APPLICABLE),
        (date(2021, 1, 1), TO_CHECK),
        (date(2024, 6, 30), TO_CHECK),
        (date(2024, 7, 1), APPLICABLE),
    ],
)
def test_agec_dates(launch, status):
    assert agec_reuse.evaluate(draft(cpv="18100000", launch_date=launch)).status == status


def test_agec_excludes_personal_protective_equipment_and_other_buyers():
    assert agec_reuse.evaluate(draft(cpv="18143000")).status == NOT_APPLICABLE
    assert agec_reuse.evaluate(draft(cpv="39100000", buyer_kind="hopital")).status == NOT_APPLICABLE


def test_agec_works_contract_is_to_check_for_supplies_it_includes():
    result = agec_reuse.evaluate(draft(cpv="45453000"))
    assert result.status == TO_CHECK
    assert "fournitures comprises" in result.explanation


def test_reservation_is_possible_with_the_fifty_percent_share():
    result = reserved_disability_insertion.evaluate(draft(cpv="90910000"))
    assert result.status == POSSIBLE and result.status_label == "Possibilité"
    assert "50" in result.explanation and "L2113-13" in result.reference


def test_ess_reservation_only_for_listed_services():
    assert reserved_ess.evaluate(draft(cpv="85311000")).status == POSSIBLE
    assert reserved_ess.evaluate(draft(cpv="90910000")).status == NOT_APPLICABLE
    assert reserved_ess.evaluate(draft(cpv="45453000")).status == NOT_APPLICABLE


@pytest.mark.parametrize(
    "amount,status",
    [(24_999, NOT_APPLICABLE), (25_000, TO_CHECK), (39_999, TO_CHECK), (40_000, APPLICABLE)],
)
def test_essential_data_threshold(amount, status):
    assert essential_data.evaluate(draft(cpv="39100000", amount_ht=amount)).status == status


@pytest.mark.parametrize(
    "cpv,launch,amount,procedure",
    [
        ("45453000", AUTUMN_2026, 99_999, "sans publicité ni mise en concurrence"),
        ("45453000", AUTUMN_2026, 100_000, "procédure adaptée"),
        ("39100000", date(2026, 3, 31), 50_000, "procédure adaptée"),
        ("39100000", date(2026, 4, 1), 50_000, "sans publicité ni mise en concurrence"),
        ("39100000", date(2026, 4, 1), 59_999, "sans publicité ni mise en concurrence"),
        ("39100000", date(2026, 4, 1), 60_000, "procédure adaptée"),
        ("39100000", AUTUMN_2026, 215_999, "procédure adaptée"),
        ("39100000", AUTUMN_2026, 216_000, "procédure formalisée"),
    ],
)
def test_advertising_thresholds_of_2026(cpv, launch, amount, procedure):
    result = advertising.evaluate(draft(cpv=cpv, launch_date=launch, amount_ht=amount))
    assert result.details["procedure"] == procedure


def test_advertising_before_2026_is_to_check():
    result = advertising.evaluate(draft(cpv="39100000", launch_date=date(2025, 6, 1), amount_ht=1))
    assert result.status == TO_CHECK


@pytest.mark.parametrize(
    "fields,status",
    [
        ({"renovation_elements": 2, "floor_area_m2": 1000, "hazardous_history": False},
         NOT_APPLICABLE),
        ({"renovation_elements": 2, "floor_area_m2": 1001, "hazardous_history": False},
         APPLICABLE),
        ({"renovation_elements": 1, "floor_area_m2": 5000, "demolition": False}, NOT_APPLICABLE),
        ({"renovation_elements": 1, "floor_area_m2": 5000}, TO_CHECK),
        ({"demolition": True, "floor_area_m2": 300, "hazardous_history": True}, APPLICABLE),
        ({"demolition": True, "floor_area_m2": 300}, TO_CHECK),
        ({}, TO_CHECK),
    ],
)  # fmt: skip
def test_pemd_diagnostic(fields, status):
    assert pemd_diagnostic.evaluate(draft(cpv="45453000", **fields)).status == status


@pytest.mark.parametrize(
    "launch,status", [(date(2023, 6, 30), TO_CHECK), (date(2023, 7, 1), APPLICABLE)]
)
def test_pemd_entry_into_force(launch, status):
    result = pemd_diagnostic.evaluate(
        draft(cpv="45111000", launch_date=launch, demolition=True, floor_area_m2=2000)
    )
    assert result.status == status


def test_pemd_does_not_concern_supplies():
    assert pemd_diagnostic.evaluate(draft(cpv="39100000")).status == NOT_APPLICABLE


@pytest.mark.parametrize(
    "spend,launch,buyer,status",
    [
        (50_000_000, AUTUMN_2026, "commune", NOT_APPLICABLE),
        (50_000_001, AUTUMN_2026, "commune", APPLICABLE),
        (60_000_000, date(2022, 12, 31), "commune", NOT_APPLICABLE),
        (60_000_000, date(2023, 1, 1), "commune", APPLICABLE),
        (60_000_000, date(2023, 10, 24), "etat", NOT_APPLICABLE),
        (60_000_000, date(2023, 10, 24), "hopital", NOT_APPLICABLE),
        (60_000_000, date(2023, 10, 24), "autre", TO_CHECK),
        (60_000_000, date(2023, 10, 25), "hopital", APPLICABLE),
        (60_000_000, date(2023, 10, 25), "etat", APPLICABLE),
        (None, AUTUMN_2026, "region", TO_CHECK),
    ],
)
def test_spaser(spend, launch, buyer, status):
    result = spaser.evaluate(draft(buyer_yearly_spend=spend, launch_date=launch, buyer_kind=buyer))
    assert result.status == status
    assert "L2111-3" in result.reference


def test_spaser_says_which_spend_counts():
    explanation = spaser.evaluate(draft()).explanation
    assert "livre V" in explanation and "concessions non" in explanation


def test_evaluate_runs_every_rule_with_a_reference_and_a_french_explanation():
    results = evaluate(draft(cpv="45453000", amount_ht=2_400_000))
    assert len({result.code for result in results}) == len(results) >= 10
    for result in results:
        assert result.reference and result.explanation
        assert result.as_dict()["status"] in (APPLICABLE, NOT_APPLICABLE, TO_CHECK, POSSIBLE)


@pytest.mark.parametrize("rule", [social_condition, advertising, pemd_diagnostic])
def test_rules_that_depend_on_the_nature_ask_for_it_instead_of_assuming_supplies(rule):
    # 1 M€ is above the supplies threshold but far below the works one.
    result = rule.evaluate(draft(amount_ht=1_000_000))
    assert result.status == TO_CHECK
    assert "nature du marché" in result.explanation


# docs/SOURCES.md §2.4: works / State / other authorities / utilities, per two-year period.
EU_PERIODS = [
    (date(2020, 1, 1), date(2021, 12, 31), (5_350_000, 139_000, 214_000, 428_000)),
    (date(2022, 1, 1), date(2023, 12, 31), (5_382_000, 140_000, 215_000, 431_000)),
    (date(2024, 1, 1), date(2025, 12, 31), (5_538_000, 143_000, 221_000, 443_000)),
    (date(2026, 1, 1), date(2027, 12, 31), (5_404_000, 140_000, 216_000, 432_000)),
]


@pytest.mark.parametrize("start,end,values", EU_PERIODS)
def test_eu_thresholds_of_every_period_on_its_first_and_last_day(start, end, values):
    cases = [("commune", "45000000"), ("etat", "39100000"), ("departement", "90910000"),
             ("entite-adjudicatrice", "39100000")]  # fmt: skip
    for day in (start, end):
        found = [eu_threshold(draft(buyer_kind=kind, cpv=cpv, launch_date=day)).value
                 for kind, cpv in cases]  # fmt: skip
        assert tuple(found) == values


def test_after_the_last_known_period_the_social_condition_is_to_check():
    result = social_condition.evaluate(
        draft(cpv="39100000", amount_ht=300_000, launch_date=date(2028, 1, 1))
    )
    assert result.status == TO_CHECK
