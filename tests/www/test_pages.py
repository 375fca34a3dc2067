import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    "url_name,title",
    [
        ("pages:home", "Des achats publics qui servent le climat"),
        ("pages:about", "À propos du réseau APuRe"),
        ("pages:tools", "Outils"),
        ("pages:legal", "Mentions légales"),
        ("pages:accessibility", "Déclaration d'accessibilité"),
        ("members:list", "Membres du réseau"),
        ("accounts:login", "Se connecter"),
        ("accounts:password_reset", "Mot de passe oublié"),
    ],
)
def test_public_page_answers_in_french(db, client, url_name, title):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert title in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_members_page_lists_member_bodies_only(db, client):
    OrganisationFactory(name="Communauté urbaine de Dunkerque", slug="cud")
    OrganisationFactory(name="Entreprise non membre", slug="x", is_member=False)
    html = client.get(reverse("members:list")).content.decode()
    assert "Communauté urbaine de Dunkerque" in html
    assert "Entreprise non membre" not in html


def test_member_detail_page(db, client):
    organisation = OrganisationFactory(name="Ville de Lille", slug="lille", siren="215903501")
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert "215903501" in response.content.decode()


def test_the_legal_notice_names_who_runs_the_instance_and_how_to_write(db, client, settings):
    settings.CONTACT_EMAIL = "apure@cerdd.example"
    settings.PUBLISHER = "Jeanne Dupont, directrice du Cerdd"
    settings.HOSTING = "Hébergeur Exemple, 1 rue du Test, 59000 Lille"
    html = client.get("/mentions-legales/").content.decode()
    assert "Jeanne Dupont, directrice du Cerdd" in html and "Hébergeur Exemple" in html
    assert "précise ici" not in html  # no instruction to the installer left in the page
    assert 'href="mailto:apure@cerdd.example"' in html
    home = client.get("/").content.decode()
    assert 'href="mailto:apure@cerdd.example">Contact</a>' in home
    # Without an audit, the RGAA allows no other status than « non conforme ».
    assert "Accessibilité&nbsp;: non conforme" in home
    assert "<strong>non conforme</strong>" in client.get("/accessibilite/").content.decode()


def test_the_tools_that_exist_are_not_announced_as_coming(db, client):
    tools = client.get(reverse("pages:tools")).content.decode()
    assert "En préparation" not in tools
    assert 'href="/observatoire/?partie=carbone"' in tools
    assert 'href="/observatoire/methode/carbone/"' in tools
    assert "Bientôt" not in client.get(reverse("pages:home")).content.decode()
