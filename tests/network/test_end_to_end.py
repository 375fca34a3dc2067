"""The issue's acceptance path, in a real browser with JavaScript disabled.

A facilitator publishes news and creates an event, a visitor registers, a member proposes a
resource that the facilitator approves, and a newsletter reaches a subscriber through a real
local SMTP server; the subscriber leaves with the link of the message.
"""

import re

import pytest
from django.utils import timezone

from apure.network.models import Event, News, Registration, Resource, Status, Subscriber
from tests.factories import PASSWORD, FacilitatorFactory, UserFactory

from . import documents
from .factories import WorkingGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js(browser_page):
    contexts = []

    def open_page():
        context = browser_page.context.browser.new_context(java_script_enabled=False)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def login(page, base, user):
    page.goto(base + "/compte/connexion/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def text_of(recipient, smtp_server, subject_part):
    for to, message in smtp_server.messages:
        if to == recipient and subject_part in message["Subject"]:
            return message
    raise AssertionError(f"no message to {recipient} about {subject_part}")


def test_facilitator_journey_without_javascript(
    live_server, smtp_server, no_js, settings, tmp_path
):
    base = live_server.url
    settings.SITE_URL = base
    WorkingGroupFactory(slug="reemploi", short_name="Réemploi")
    facilitator = FacilitatorFactory(email="animation@exemple.fr")
    member = UserFactory(email="acheteuse@exemple.fr")

    animator = no_js()
    login(animator, base, facilitator)
    animator.goto(base + "/reseau/actualites/nouvelle/")
    animator.fill("#id_title", "Trois nouveaux membres")
    animator.fill("#id_summary", "Le réseau s'agrandit.")
    animator.fill("#id_body", "Bienvenue à **trois structures**.")
    animator.check("text=Réemploi")
    animator.click("main button[type=submit]")
    assert News.objects.get().status == Status.PUBLISHED
    assert "trois structures" in animator.inner_text("main")

    animator.goto(base + "/reseau/evenements/nouveau/")
    animator.fill("#id_title", "Atelier clauses sociales")
    # Next year: events are dated at most a few years ahead (the browser test runs on the real
    # clock, which the session cookies also follow).
    animator.fill("#id_starts_at", f"{timezone.localdate().year + 1}-03-18T14:00")
    animator.fill("#id_place", "Lille")
    animator.fill("#id_description", "Un atelier pratique.")
    animator.fill("#id_capacity", "30")
    animator.click("main button[type=submit]")
    event = Event.objects.get()
    assert animator.url == base + event.get_absolute_url()

    visitor = no_js()
    visitor.goto(base + event.get_absolute_url())
    visitor.fill("#id_name", "Paul Visiteur")
    visitor.fill("#id_email", "paul@exemple.fr")
    visitor.fill("#id_organisation_name", "Ville d'Arras")
    visitor.click("main form[action*='/inscription/'] button[type=submit]")
    assert "Un e-mail de confirmation vous a été envoyé" in visitor.inner_text("main")
    assert Registration.objects.get().email == "paul@exemple.fr"
    # The place is taken once the visitor follows the link e-mailed to them.
    request = text_of("paul@exemple.fr", smtp_server, "Confirmez")
    link = re.search(r"http://\S+/evenements/confirmation/\S+/", request.get_body().get_content())
    visitor.goto(link[0])
    visitor.click("main button[type=submit]")
    assert "Inscription confirmée" in visitor.inner_text("main")
    assert (
        "/reseau/evenements/inscription/"
        in text_of("paul@exemple.fr", smtp_server, "Inscription confirmée")
        .get_body(("plain",))
        .get_content()
    )

    proposer = no_js()
    login(proposer, base, member)
    proposer.goto(base + "/reseau/ressources/proposer/")
    proposer.fill("#id_title", "Clause d'insertion nettoyage")
    proposer.select_option("#id_kind", "clause")
    proposer.fill("#id_summary", "Une clause testée.")
    pdf = tmp_path / "clause.pdf"
    pdf.write_bytes(documents.pdf_bytes())
    proposer.set_input_files("#id_file", str(pdf))
    proposer.click("main button[type=submit]")
    assert Resource.objects.get().status == Status.PROPOSED

    animator.goto(base + "/reseau/moderation/")
    animator.click("button[value=approve]")
    assert Resource.objects.get().status == Status.PUBLISHED
    text_of("acheteuse@exemple.fr", smtp_server, "publiée")

    reader = no_js()
    reader.goto(base + "/reseau/")
    reader.fill("#footer-newsletter-email", "lecteur@exemple.fr")
    reader.click("footer button[type=submit]")
    confirmation = text_of("lecteur@exemple.fr", smtp_server, "Confirmez")
    link = re.search(r"http://\S+/confirmer/\S+/", confirmation.get_body().get_content())[0]
    reader.goto(link)
    reader.click("main button[type=submit]")
    assert Subscriber.objects.get().confirmed_at is not None

    animator.goto(base + "/reseau/lettre/numeros/nouveau/")
    animator.fill("#id_subject", "Lettre de mars")
    animator.fill("#id_editorial", "Bonjour à toutes et à tous.")
    animator.click("main button[type=submit]")
    preview = animator.inner_text("main")
    for expected in ["Trois nouveaux membres", "Atelier clauses sociales", "Clause d'insertion"]:
        assert expected in preview
    animator.click("text=M'envoyer un test")
    text_of("animation@exemple.fr", smtp_server, "Lettre de mars")
    animator.check("#confirm-send")
    animator.click("main form[action$='/envoi/'] button[type=submit]")
    assert "envoyée à 1 abonné" in animator.inner_text("main")

    letter = text_of("lecteur@exemple.fr", smtp_server, "Lettre de mars")
    unsubscribe = letter["List-Unsubscribe"].strip()[1:-1]
    reader.goto(unsubscribe)
    reader.click("main button[type=submit]")
    assert "désinscrite" in reader.inner_text("main")
    assert not Subscriber.objects.exists()
