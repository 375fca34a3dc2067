"""A buyer's scorecard of its own DECP publications: what is wrong, where, how to fix it."""

import html
from datetime import date

import pytest

from apure.observatory import exports, store_query
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db

CROIX = {"buyer_siret": "21590163800019", "buyer_name": "Ville de Croix",
         "buyer_kind": "commune", "buyer_departement": "59", "buyer_region": "32",
         "departement": "59", "region": "32", "cpv": "90910000"}  # fmt: skip
PAGE = "/observatoire/acheteurs/21590163800019/?partie=publication"


@pytest.fixture
def croix_store(settings, empty_store, monkeypatch):
    monkeypatch.setattr(exports, "today", lambda: date(2026, 11, 2))
    rows = [
        {**CROIX, "contract_id": "A", "object": "Nettoyage des écoles",
         "notification_date": "2026-05-02", "last_publication": "2026-06-01"},
        {**CROIX, "contract_id": "B", "notification_date": "2026-04-02",
         "social": "yes", "social_clause": True, "environmental": "no"},
        {**CROIX, "contract_id": "C", "cpv": None, "cpv_division": None,
         "object": "Marché sans code", "notification_date": "2021-01-02",
         "source_format": "2019-json"},
        {**CROIX, "contract_id": "0000", "object": "Fournitures de bureau",
         "notification_date": "2026-03-02", "social": "no", "environmental": "no"},
    ]  # fmt: skip
    uid = "21590163800019/0000"
    notes = [
        {"uid": uid, "field": "id", "value": "0000", "code": "placeholder_id", "message": "."},
        {"uid": uid, "field": "montant", "value": "1", "code": "absurd_amount", "message": "."},
    ]
    store_builder.build(settings.ANALYTICS_DB_PATH, rows, notes=notes)
    store_query.clear_cache()


def _card(text, title):
    start = text.index(f"<h3>{title}</h3>")
    return " ".join(text[start : text.index("</li>\n  ", start)].split())


def test_scorecard_names_each_problem_its_records_and_the_fix(client, croix_store):
    text = html.unescape(client.get(PAGE).content.decode())
    assert "Qualité de ses publications" in text
    last = _card(text, "Dernière publication")
    assert "01/06/2026 (154 jours)" in last and "À vérifier" in last

    # The 2019 record cannot carry considerations: measured on the three others.
    card = _card(text, "Considérations sociales et environnementales renseignées (format 2022)")
    assert "66,7" in card and "1 contrat à corriger sur 3" in card
    assert "Pas de considération sociale" in card
    assert 'href="/observatoire/marches/21590163800019/A/"' in card

    card = _card(text, "Code CPV présent et reconnu")
    assert "1 contrat à corriger sur 4" in card and "/marches/21590163800019/C/" in card
    card = _card(text, "Identifiant de marché réel")
    assert "1 contrat à corriger sur 4" in card and "numéro interne réel" in card
    assert "/marches/21590163800019/0000/" in card
    card = _card(text, "Montant vraisemblable")
    assert "/marches/21590163800019/0000/" in card and "999 999 999" in card


def test_a_buyer_with_clean_publications_has_nothing_to_correct(client, settings, empty_store,
                                                                 monkeypatch):  # fmt: skip
    monkeypatch.setattr(exports, "today", lambda: date(2026, 11, 2))
    store_builder.build(settings.ANALYTICS_DB_PATH, [
        {**CROIX, "contract_id": "B", "notification_date": "2026-10-02",
         "social": "no", "environmental": "yes", "env_clause": True},
    ])  # fmt: skip
    store_query.clear_cache()
    text = html.unescape(client.get(PAGE).content.decode())
    assert "À corriger" not in text and "À vérifier" not in text
    scorecard = text[text.index('<ul class="scorecard">') :]
    assert scorecard.count("100,0\u202f%") == 4


def test_the_quality_page_lists_the_buyers_the_network_can_help_first(client, croix_store):
    text = html.unescape(client.get("/observatoire/qualite/").content.decode())
    start = text.index("Acheteurs dont les publications sont à corriger")
    table = "".join(text[start : text.index("</table>", start)].split())
    assert f'href="{PAGE}#parties">VilledeCroix</a>' in table
    # Contracts, then one record to correct for each point of the scorecard.
    assert '<tdclass="num">4</td>' + '<tdclass="num">1</td>' * 4 + "</tr>" in table


def test_a_buyer_with_one_year_of_contracts_reads_en_that_year(client, settings, empty_store):
    store_builder.build(settings.ANALYTICS_DB_PATH, [
        {**CROIX, "contract_id": "B", "notification_date": "2026-10-02"},
        {**CROIX, "contract_id": "D", "notification_date": "2026-03-02"},
    ])  # fmt: skip
    store_query.clear_cache()
    text = " ".join(client.get("/observatoire/acheteurs/21590163800019/").content.decode().split())
    assert "2 contrats en 2026" in text and "de 2026 à 2026" not in text
