"""Segment and CPV code guessed from the object of a contract, on the segments the product ships."""

from datetime import date

import pytest

from apure.clauses.cpv import nature_hint
from apure.clauses.recommend import rank_clauses, resolve
from apure.clauses.segments import rank_segments
from apure.obligations import ContractDraft, evaluate
from apure.reference.models import CpvCode

from .factories import ClauseFactory

CODES = {
    "15895000": "Aliments pour restauration rapide",
    "55510000": "Services de cantine",
    "09310000": "Électricité",
    "65300000": "Distribution d'électricité et services connexes",
    "45110000": "Travaux de démolition de bâtiments et travaux de terrassement",
    "45210000": "Travaux de construction de bâtiments",
    "45450000": "Autres travaux de parachèvement de bâtiment",
    "45453000": "Travaux de remise en état et de remise à neuf",
    "79411000": "Services de conseil en gestion générale",
    "79300000": "Études de marché et recherche économique; sondages et statistiques",
    "45331211": "Travaux d'installation de ventilation extérieure",
    "15893000": "Denrées sèches",
    "39314000": "Équipement de cuisine industrielle",
    "45232140": "Travaux de construction de réseaux de chauffage urbain",
    "45230000": "Travaux de construction de pipelines, de lignes de communication et d'énergie, "
    "d'autoroutes, de routes, d'aérodromes et de voies ferrées; travaux de nivellement",
}


@pytest.fixture
def codes(db):
    CpvCode.objects.bulk_create(
        [CpvCode(code=code, check_digit="0", label=label, label_en=label)
         for code, label in CODES.items()]
    )  # fmt: skip


def draft(text, **fields):
    return ContractDraft(object=text, buyer_kind="commune", launch_date=date(2026, 10, 1),
                         **fields)  # fmt: skip


@pytest.mark.parametrize(
    "text,nature",
    [
        ("Mission de maîtrise d'œuvre pour la construction d'une école", "services"),
        ("Fourniture et pose de menuiseries extérieures", "travaux"),
        ("Fourniture d'électricité", "fournitures"),
        ("Nettoyage des locaux", None),
    ],
)
def test_the_object_text_announces_the_nature_of_purchase(text, nature):
    assert nature_hint(text) == nature


def test_a_rare_word_outweighs_a_word_many_segments_share(shipped_segments):
    # « bâtiment » names four segments, « démolition » only one.
    best, _score = rank_segments("Démolition d'un bâtiment de 1 500 m²")[0]
    assert best.code == "deconstruction"


@pytest.mark.parametrize(
    "text,segment,cpv",
    [
        ("Démolition d'un bâtiment de 1 500 m²", "deconstruction", "45110000"),
        ("Prestation de restauration collective pour les patients", "restauration-collective",
         "55510000"),
        ("Fourniture d'électricité", "energie", "09310000"),
        ("Réhabilitation thermique d'un groupe scolaire", "batiment-rehabilitation", "45453000"),
        # Foodstuffs are supplies of the catering segment, whose main nature is services.
        ("Fourniture de denrées alimentaires biologiques pour la cuisine centrale",
         "restauration-collective", "15893000"),
        # « réseaux » alone does not make district heating: the segment's broadest code wins.
        ("Travaux de réfection de voirie et réseaux", "voirie-reseaux", "45230000"),
    ],
)  # fmt: skip
def test_segment_and_code_guessed_from_the_object(shipped_segments, codes, text, segment, cpv):
    code, guessed, found, _neighbours = resolve(contract := draft(text))
    assert (found.code, code.code, guessed) == (segment, cpv, True)
    assert contract.cpv == cpv


def test_a_loosely_related_segment_lends_no_clauses(shipped_segments, codes):
    # « locaux » appears in the catering description (produits locaux) only.
    *_, neighbours = resolve(draft("Nettoyage des locaux administratifs"))
    assert "restauration-collective" not in [segment.code for segment in neighbours]


def test_ess_reservation_is_not_pushed_where_the_code_is_not_open_to_it(shipped_segments, codes):
    contract = draft("Étude de conseil en organisation", cpv="79411000", amount_ht=40_000)
    code, _guessed, segment, neighbours = resolve(contract)
    ess = ClauseFactory(kind="reserved_contract", legal_basis="Art. L2113-15 CCP")
    other = ClauseFactory(kind="execution_condition")
    ess.segments.add(segment)
    other.segments.add(segment)
    ranked = rank_clauses(contract, segment, evaluate(contract), neighbours)
    assert [r.clause for r in ranked] == [other, ess]
    assert "Réservation à l'ESS non ouverte pour ce code CPV" in ranked[1].reasons


def test_generic_words_point_to_no_segment_or_code(shipped_segments, codes):
    # « marché » and « fourniture et pose » say nothing of what is bought.
    code, guessed, segment, _neighbours = resolve(draft("Marché annuel"))
    assert (code, guessed, segment) == (None, False, None)
    *_, segment, _neighbours = resolve(draft("Fourniture et pose de menuiseries extérieures"))
    assert segment.code == "renovation-energetique"
