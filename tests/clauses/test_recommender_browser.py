"""The recommender in a real browser: what a buyer types is what the server reads."""

import pytest

from apure.clauses.library import load_library
from apure.reference.models import CpvCode

from .conftest import CPV_CODES, FIXTURE_LIBRARY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recommender(browser_page, browser_server):
    """The recommender's empty form, opened in Chromium with the fixture library."""
    load_library(FIXTURE_LIBRARY)
    CpvCode.objects.bulk_create(
        [CpvCode(code=c, check_digit="0", label=label, label_en=label)
         for c, label in CPV_CODES.items()]
    )  # fmt: skip
    browser_page.goto(browser_server.url + "/clauses/recommandation/")
    return browser_page


def fill_project_and_submit(page):
    """Only the required project fields; every hypothesis stays as first shown."""
    page.get_by_label("Objet du marché").fill("Réhabilitation thermique d'un groupe scolaire")
    page.get_by_label("Montant estimé (€ HT)").fill("2 400 000")
    page.get_by_role("button", name="Voir les obligations et les clauses").click()
    page.wait_for_load_state()


def test_the_recommender_submitted_as_first_shown_gives_results(recommender):
    fill_project_and_submit(recommender)
    assert recommender.locator(".errorlist").count() == 0
    assert recommender.get_by_role("heading", name="Obligations légales").is_visible()
    assert "2\xa0000 heures" in recommender.locator("#insertion + div").inner_text()


def test_asking_for_a_document_with_no_clause_ticked_stays_on_the_results(recommender):
    fill_project_and_submit(recommender)
    for box in recommender.locator("input[name=clause]").all():
        box.uncheck()
    recommender.get_by_role("button", name="Page imprimable").click()
    recommender.wait_for_load_state()
    assert "/clauses/recommandation/" in recommender.url
    assert recommender.get_by_text(
        "Cochez au moins une clause pour composer le document."
    ).is_visible()
    assert recommender.get_by_label("Objet du marché").input_value().startswith("Réhabilitation")
    assert recommender.get_by_role("heading", name="Clauses recommandées").is_visible()


@pytest.fixture
def member_page(browser_page, browser_server):
    """A fresh browser (own cookies) where a member of a body is signed in."""
    from tests.factories import PASSWORD, UserFactory

    load_library(FIXTURE_LIBRARY)
    CpvCode.objects.bulk_create(
        [CpvCode(code=c, check_digit="0", label=label, label_en=label)
         for c, label in CPV_CODES.items()]
    )  # fmt: skip
    member = UserFactory(email="acheteuse@exemple.fr")
    context = browser_page.context.browser.new_context()
    page = context.new_page()
    page.goto(browser_server.url + "/compte/connexion/")
    page.fill("#id_username", member.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    yield page
    context.close()


def test_a_member_saves_a_project_finds_it_in_mes_marches_and_reopens_it(
    member_page, browser_server
):
    page = member_page
    page.goto(browser_server.url + "/clauses/recommandation/")
    fill_project_and_submit(page)
    page.get_by_role("button", name="Enregistrer dans Mes marchés").click()
    page.wait_for_load_state()
    assert page.get_by_text("Marché enregistré dans « Mes marchés ».").is_visible()

    page.get_by_role("link", name="Mes marchés", exact=True).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Mes marchés", level=1).is_visible()
    page.get_by_role("link", name="Réhabilitation thermique d'un groupe scolaire").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Obligations légales aujourd'hui").is_visible()
    obligations = page.locator("#obligations-aujourdhui + ul li")
    assert obligations.count() >= 10
    assert "Critère d'attribution environnemental" in obligations.all_inner_texts()[0]
    assert "2\xa0000 heures" in page.locator("main").inner_text()

    # Reopened in the tool: the results come back, ready to be updated.
    page.get_by_role("link", name="Rouvrir et modifier dans l'outil").click()
    page.wait_for_load_state()
    assert page.get_by_label("Objet du marché").input_value().startswith("Réhabilitation")
    assert page.get_by_role("heading", name="Obligations légales").is_visible()
    assert page.get_by_role("button", name="Mettre à jour « Réhabilitation").is_visible()
