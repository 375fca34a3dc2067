"""The recommender on realistic drafts of each fixture segment, and its command."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from apure.clauses.recommend import recommend, segment_for
from apure.clauses.sizing import size_insertion
from apure.obligations import APPLICABLE, NOT_APPLICABLE, ContractDraft
from apure.obligations.draft import STATUSES

LAUNCH = date(2026, 10, 1)


def statuses(result):
    return {item.code: item.status for item in result.obligations}


def slugs(result):
    return [ranked.clause.slug for ranked in result.clauses]


def test_insertion_sizing_follows_the_worked_example():
    # 1 M€ of building works, 50 % labour, 5 %, 30 €/h → 833 hours (docs/SOURCES.md §5.2).
    sizing = size_insertion(1_000_000, labour_share=0.5)
    assert sizing.hours == 833
    assert sizing.labour_share_percent == "50\u00a0%"
    assert sizing.rate_percent == "5\u00a0%"


def test_insertion_sizing_uses_the_segment_share_and_edited_assumptions(library):
    segment = segment_for("90910000")
    sizing = size_insertion(100_000, segment, rate=0.1, hourly_cost=20)
    assert sizing.labour_share == Decimal("0.8")
    assert sizing.hours == 400  # 100 000 × 0.8 × 0.1 ÷ 20
    assert "Nettoyage" in sizing.labour_share_source


def test_school_rehabilitation_gets_building_and_reuse_clauses(library, cpv_codes):
    result = recommend(
        ContractDraft(object="Réhabilitation thermique d'un groupe scolaire",
                      amount_ht=2_400_000, buyer_kind="commune", launch_date=LAUNCH)
    )  # fmt: skip
    assert result.segment.code == "batiment-rehabilitation"
    assert result.cpv_guessed and result.draft.cpv.startswith("45")
    found = statuses(result)
    assert found["critere-environnemental"] == APPLICABLE
    assert found["condition-sociale"] == NOT_APPLICABLE  # below 5 404 000 € for works
    assert "fixture-reemploi-materiaux" in slugs(result)
    assert "fixture-critere-carbone" in slugs(result)
    assert result.insertion.hours == 2000  # 2.4 M€ × 0.5 × 5 % ÷ 30
    # The reserved lot is advised from 5 M€ only: ranked below the others.
    assert slugs(result)[-1] == "fixture-lot-reserve"


def test_furniture_supply_above_the_eu_threshold(library, cpv_codes):
    result = recommend(
        # Two months: the contract ends in 2026, whose AGEC floors are known.
        ContractDraft(object="Mobilier pour les lycées", cpv="39160000", amount_ht=400_000,
                      buyer_kind="region", launch_date=LAUNCH, duration_months=2)
    )  # fmt: skip
    assert result.segment.code == "mobilier"
    assert not result.cpv_guessed
    found = statuses(result)
    assert found["condition-sociale"] == APPLICABLE
    assert found["agec-reemploi"] == APPLICABLE
    assert slugs(result)[:2] == ["fixture-mobilier-reemploi", "fixture-mobilier-variante"]


def test_cleaning_service_ranks_the_insertion_condition_first_above_threshold(library, cpv_codes):
    result = recommend(
        ContractDraft(object="Nettoyage des bâtiments communaux", cpv="90911200",
                      amount_ht=300_000, buyer_kind="commune", launch_date=LAUNCH)
    )  # fmt: skip
    assert result.segment.code == "nettoyage"
    assert slugs(result)[0] == "fixture-nettoyage-horaires"
    top = result.clauses[0]
    assert "Répond à la condition d'exécution sociale" in top.reasons
    assert result.peers is None  # nothing imported in the observatory


def test_works_above_the_eu_threshold_need_the_social_condition(library, cpv_codes):
    result = recommend(
        ContractDraft(object="Rénovation du collège", cpv="45453100", amount_ht=6_000_000,
                      buyer_kind="departement", launch_date=LAUNCH)
    )  # fmt: skip
    assert statuses(result)["condition-sociale"] == APPLICABLE
    assert statuses(result)["publicite-procedure"] == APPLICABLE
    # The reserved lot reaches its advised amount (5 M€) and is no longer penalised.
    reserved = next(r for r in result.clauses if r.clause.slug == "fixture-lot-reserve")
    assert not any("Montant inférieur" in reason for reason in reserved.reasons)


def test_command_prints_the_json_contract(library, cpv_codes, capsys):
    call_command(
        "recommend", "--objet", "réhabilitation thermique d'un groupe scolaire",
        "--montant", "2400000", "--acheteur-type", "commune",
        "--date-lancement", "2026-10-01", "--json",
    )  # fmt: skip
    output = json.loads(capsys.readouterr().out)
    obligation = output["obligations"][0]
    assert set(obligation) >= {"code", "status", "reference", "explanation"}
    assert {o["status"] for o in output["obligations"]} <= set(STATUSES)
    assert set(output["clauses"][0]) >= {"id", "title", "kind", "score"}
    assert output["insertion"]["heures"] == 2000


def test_command_text_output_is_french(library, cpv_codes, capsys):
    call_command(
        "recommend", "--objet", "Nettoyage", "--cpv", "90910000", "--montant", "100000",
        "--acheteur-type", "etat", "--date-lancement", "2026-10-01", "--nature", "services",
    )  # fmt: skip
    output = capsys.readouterr().out
    assert "Obligations\u00a0:" in output and "Clauses recommandées" in output


@pytest.mark.parametrize(
    "arguments,message",
    [
        (["--date-lancement", "2026-02-30", "--montant", "1000"], "Date de lancement"),
        (["--date-lancement", "2026-10-01", "--montant", "beaucoup"], "Montant estimé"),
        (["--date-lancement", "2026-10-01", "--montant", "nan"], "Montant estimé"),
        (["--date-lancement", "2026-10-01", "--montant", "1e400"], "Montant estimé"),
        (["--date-lancement", "2026-10-01", "--montant", "1000", "--cpv", "123"],
         "Code CPV invalide"),
        # Shares and rates in per cent, as on the website: 150 % of labour is no share.
        (["--date-lancement", "2026-10-01", "--montant", "1000", "--part-main-oeuvre", "150"],
         "inférieure ou égale à 100"),
        (["--date-lancement", "2026-10-01", "--montant", "1000", "--cout-horaire", "0"],
         "Coût horaire"),
        (["--date-lancement", "2026-10-01", "--montant", "1000", "--elements-renoves", "9"],
         "inférieure ou égale à 7"),
    ],
)  # fmt: skip
def test_command_refuses_bad_input_with_a_french_reason(library, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("recommend", "--objet", "x", "--acheteur-type", "commune", *arguments)


def test_transversal_clauses_are_offered_for_every_segment(library, cpv_codes):
    result = recommend(
        ContractDraft(object="Chaises", cpv="39112000", amount_ht=50_000, buyer_kind="commune",
                      launch_date=LAUNCH)
    )  # fmt: skip
    transversal = next(r for r in result.clauses if r.clause.slug == "fixture-bilan-annuel")
    assert "Clause transversale, valable pour tous les achats" in transversal.reasons
    assert slugs(result)[0] == "fixture-mobilier-reemploi"


@pytest.mark.parametrize(
    "demolition,status",
    [([], "à vérifier"), (["--demolition", "non"], "non applicable"),
     (["--demolition"], "applicable")],
)  # fmt: skip
def test_command_lets_the_buyer_say_there_is_no_demolition(
    library, cpv_codes, capsys, demolition, status
):
    call_command(
        "recommend", "--objet", "Rénovation", "--cpv", "45453100", "--montant", "500000",
        "--acheteur-type", "commune", "--date-lancement", "2026-10-01",
        "--elements-renoves", "1", "--surface", "2000", *demolition, "--json",
    )  # fmt: skip
    output = json.loads(capsys.readouterr().out)
    pemd = next(o for o in output["obligations"] if o["code"] == "diagnostic-pemd")
    assert pemd["status"] == status


def test_command_takes_shares_in_per_cent_like_the_website(library, cpv_codes, capsys):
    call_command(
        "recommend", "--objet", "Travaux école", "--cpv", "45453100", "--montant", "300 000",
        "--acheteur-type", "commune", "--date-lancement", "01/10/2026",
        "--part-main-oeuvre", "40", "--taux-insertion", "5", "--json",
    )  # fmt: skip
    sizing = json.loads(capsys.readouterr().out)["insertion"]
    # 300 000 € × 40 % × 5 % ÷ 30 €/h
    assert sizing["heures"] == 200 and sizing["part_main_oeuvre"] == 0.4


@pytest.mark.parametrize("montant", ["2\u202f400\u202f000", "2\xa0400\xa0000,00"])
def test_command_reads_amounts_as_the_website_form_does(library, cpv_codes, capsys, montant):
    call_command(
        "recommend", "--objet", "réhabilitation thermique d'un groupe scolaire",
        "--montant", montant, "--acheteur-type", "commune", "--date-lancement", "2026-10-01",
        "--taux-insertion", "5,0", "--json",
    )  # fmt: skip
    output = json.loads(capsys.readouterr().out)
    assert output["contrat"]["montant_ht"] == 2_400_000
    assert output["insertion"]["heures"] == 2000


def test_command_refuses_an_ambiguous_amount_with_the_websites_message(library):
    with pytest.raises(CommandError, match="Saisissez un nombre, par exemple 1 200 000"):
        call_command(
            "recommend", "--objet", "x", "--acheteur-type", "commune",
            "--date-lancement", "2026-10-01", "--montant", "1.200.000",
        )  # fmt: skip


def test_command_text_output_writes_the_sizing_in_french(library, cpv_codes, capsys):
    call_command(
        "recommend", "--objet", "Travaux école", "--cpv", "45453100", "--montant", "300 000",
        "--acheteur-type", "commune", "--date-lancement", "2026-10-01",
        "--part-main-oeuvre", "40", "--taux-insertion", "7,5", "--cout-horaire", "32,50",
    )  # fmt: skip
    output = capsys.readouterr().out
    assert "part de main-d'œuvre 40\xa0% × taux 7,5\xa0% ÷ 32,5 €/h" in output


def test_a_pure_supply_gets_no_hours_but_a_french_reason(library, cpv_codes):
    result = recommend(
        ContractDraft(object="Achat de mobilier scolaire", cpv="39160000", amount_ht=3_000_000,
                      buyer_kind="region", launch_date=LAUNCH)
    )  # fmt: skip
    assert result.insertion.hours is None
    assert "L2112-2 et L2112-3" in result.insertion.explanation
    assert result.as_dict()["insertion"]["heures"] is None


def test_a_supply_with_installation_gets_a_reduced_share(library, cpv_codes):
    result = recommend(
        ContractDraft(object="Fourniture et installation de mobilier scolaire", cpv="39160000",
                      amount_ht=300_000, buyer_kind="region", launch_date=LAUNCH)
    )  # fmt: skip
    assert result.insertion.labour_share == Decimal("0.1")  # not the segment's 20 %
    assert result.insertion.hours == 50  # 300 000 × 10 % × 5 % ÷ 30


def test_a_services_share_never_sizes_a_supply(shipped_segments):
    from apure.clauses.models import Segment

    catering = Segment.objects.get(code="restauration-collective")  # a services segment
    sizing = size_insertion(300_000, catering, nature="fournitures", object_text="Denrées sèches")
    assert sizing.hours is None


def test_only_the_segments_clauses_and_applying_transversal_ones_are_ticked(library, cpv_codes):
    from tests.clauses.factories import ClauseFactory

    # A clause of another segment that the object's words would bring in.
    other = ClauseFactory(slug="collecte-telephones", title="Collecte de téléphones de nettoyage")
    other.segments.add("mobilier")
    result = recommend(
        ContractDraft(object="Nettoyage des locaux", cpv="90911200", amount_ht=6_000_000,
                      buyer_kind="commune", launch_date=LAUNCH)
    )  # fmt: skip
    ticked = [r.clause.slug for r in result.clauses if r.preselected]
    assert 1 <= len(ticked) <= 6
    assert "collecte-telephones" not in ticked and "fixture-mobilier-reemploi" not in ticked
    assert {"fixture-nettoyage-horaires", "fixture-nettoyage-ecolabel"} <= set(ticked)
