"""Screen readers read a field's help and errors through aria-describedby: every id it names
must exist on the page."""

import re

import pytest
from django.urls import reverse

from tests.network.factories import EventFactory

pytestmark = pytest.mark.django_db


def dangling_descriptions(html):
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = {
        name for value in re.findall(r'aria-describedby="([^"]+)"', html) for name in value.split()
    }
    return named - ids


def test_login_and_reset_errors_are_tied_to_their_fields(client):
    html = client.post(reverse("accounts:login"), {"username": "", "password": ""}).content
    assert 'id="id_username_error"' in html.decode()
    assert dangling_descriptions(html.decode()) == set()
    html = client.post(reverse("accounts:password_reset"), {"email": "pas-une-adresse"}).content
    assert dangling_descriptions(html.decode()) == set()


def test_event_registration_and_newsletter_errors_are_tied_to_their_fields(client):
    event = EventFactory()
    url = reverse("network:event_register", args=[event.slug])
    # On a phone the form is far down the page: the answer scrolls back to it.
    assert (
        f'action="{url}#titre-inscription"' in client.get(event.get_absolute_url()).content.decode()
    )
    html = client.post(url, {"name": "Zoé", "email": "zoe@"}).content.decode()
    assert 'id="id_email_error"' in html and dangling_descriptions(html) == set()
    html = client.post(reverse("network:newsletter_subscribe"), {"email": "a@b"}).content
    assert dangling_descriptions(html.decode()) == set()


def test_recommender_help_texts_and_errors_are_tied_to_their_fields(client):
    html = client.get(reverse("clauses:recommend")).content.decode()
    assert 'id="id_objet_helptext"' in html and dangling_descriptions(html) == set()
    html = client.get(
        reverse("clauses:recommend"),
        {"objet": "x", "montant": "-5", "acheteur_type": "commune",
         "date_lancement": "2026-11-28", "part_main_oeuvre": "150", "cout_horaire": "0"},
    ).content.decode()  # fmt: skip
    assert 'id="id_montant_error"' in html and dangling_descriptions(html) == set()
