"""What an attacker would try on the network pages: each test is a hole that was found or closed."""

import html
import io
import zipfile
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from apure.network import uploads
from apure.network.models import Issue, IssueStatus, News, Resource, Status, Subscriber
from tests.factories import PASSWORD, FacilitatorFactory, OrganisationFactory, UserFactory

from . import documents
from .factories import (
    EventFactory,
    NewsFactory,
    RegistrationFactory,
    ResourceFactory,
    SubscriberFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return user


# Permissions --------------------------------------------------------------------------------

FACILITATOR_ONLY = [
    ("get", "network:moderation", []),
    ("post", "network:moderation_decision", ["actualite", "{news}"]),
    ("get", "network:event_registrants", ["{event}"]),
    ("get", "network:event_registrants_csv", ["{event}"]),
    ("get", "network:event_create", []),
    ("get", "network:event_edit", ["{event}"]),
    ("get", "network:news_edit", ["{news_slug}"]),
    ("get", "network:issue_list", []),
    ("post", "network:issue_create", []),
    ("post", "network:issue_send", ["1"]),
    ("post", "network:issue_test", ["1"]),
]


@pytest.mark.parametrize(("method", "name", "args"), FACILITATOR_ONLY)
def test_visitors_and_members_cannot_moderate_export_or_send(client, method, name, args):
    news = NewsFactory(status=Status.PROPOSED)
    event = EventFactory()
    RegistrationFactory(event=event, email="privee@exemple.fr")
    values = {"news": news.pk, "news_slug": news.slug, "event": event.slug}
    url = reverse(name, args=[arg.format(**values) for arg in args])
    visitor = getattr(client, method)(url, {"action": "approve"})
    assert visitor.status_code == 302 and visitor["Location"].startswith("/compte/connexion/")
    login(client, UserFactory())
    member = getattr(client, method)(url, {"action": "approve"})
    assert member.status_code == 403
    assert b"privee@exemple.fr" not in member.content
    news.refresh_from_db()
    assert news.status == Status.PROPOSED


def _callbacks(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.name, pattern.callback


def test_only_the_one_click_unsubscribes_and_the_read_only_api_are_exempt_from_csrf(client):
    exempt = [
        (name, callback)
        for name, callback in _callbacks(get_resolver())
        if getattr(callback, "csrf_exempt", False)
    ]
    api = [name for name, callback in exempt if callback.__module__.startswith("apure.api.")]
    # RFC 8058: mail clients post the one-click unsubscribe themselves, without a session.
    assert {name for name, _ in exempt} - set(api) == {
        "newsletter_unsubscribe",
        "notifications_unsubscribe",
        "follow_unsubscribe",
    }
    # The API writes nothing: every write is refused before any view logic.
    for path in ("/api/", "/api/marches/", "/api/indicateurs/", "/api/openapi.json"):
        assert client.post(path).status_code == 405


def test_a_member_signs_proposals_with_their_own_body_only(client):
    member = login(client, UserFactory())
    other = OrganisationFactory(name="Une autre commune")
    response = client.post(
        reverse("network:news_create"),
        {"title": "Fausse annonce", "summary": "r", "body": "t", "author_organisation": other.pk},
    )
    assert response.status_code == 200
    assert "author_organisation" in response.context["form"].errors
    assert not News.objects.exists()
    client.post(
        reverse("network:news_create"),
        {"title": "Vraie annonce", "summary": "r", "body": "t", "author_organisation": ""},
    )
    client.post(
        reverse("network:news_create"),
        {
            "title": "Annonce signée",
            "summary": "r",
            "body": "t",
            "author_organisation": member.organisation_id,
        },
    )
    assert News.objects.get(title="Annonce signée").author_organisation == member.organisation


def test_members_do_not_see_the_titles_of_draft_events_when_proposing_a_resource(client):
    EventFactory(title="Rencontre publiée")
    EventFactory(title="Projet confidentiel", status=Status.DRAFT)
    login(client, UserFactory())
    page = client.get(reverse("network:resource_create")).content.decode()
    assert "Rencontre publiée" in page
    assert "Projet confidentiel" not in page


# E-mails ------------------------------------------------------------------------------------


def test_a_title_with_a_line_break_does_not_stop_its_approval(client):
    author = UserFactory()
    news = NewsFactory(title="Ligne un\r\nBcc: espion@exemple.fr", status=Status.PROPOSED)
    news.proposed_by = author
    news.save()
    login(client, FacilitatorFactory())
    response = client.post(
        reverse("network:moderation_decision", args=["actualite", news.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [author.email]
    assert message.subject == "Votre proposition est publiée\u00a0: Ligne un Bcc: espion@exemple.fr"
    assert message.bcc == []


def test_the_subscription_form_cannot_flood_a_mailbox(client):
    url = reverse("network:newsletter_subscribe")
    for _ in range(5):
        response = client.post(url, {"email": "cible@exemple.fr"}, follow=True)
        assert "Presque fini" in response.content.decode()
    assert len(mail.outbox) == 1
    Subscriber.objects.update(consented_at=timezone.now() - timedelta(minutes=16))
    client.post(url, {"email": "cible@exemple.fr"})
    assert len(mail.outbox) == 2


def test_registrants_cannot_plant_formulas_in_the_csv_export(client):
    event = EventFactory()
    RegistrationFactory(event=event, name='=HYPERLINK("https://pirate.example";"clic")')
    RegistrationFactory(event=event, name="Anne-Marie Dupont", organisation_name="+33 mairie")
    login(client, FacilitatorFactory())
    response = client.get(reverse("network:event_registrants_csv", args=[event.slug]))
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[1].startswith("\"'=HYPERLINK(")
    assert rows[2].startswith("Anne-Marie Dupont;")
    assert ";'+33 mairie;" in rows[2]


# Uploads ------------------------------------------------------------------------------------


def test_an_upload_is_stored_under_a_name_that_matches_its_bytes(client):
    login(client, FacilitatorFactory())
    client.post(
        reverse("network:news_create"),
        {
            "title": "Image piégée",
            "summary": "r",
            "body": "t",
            "image": documents.upload("page.html", documents.PNG + b"<script>", "text/html"),
            "image_alt": "Une image",
            "status": Status.PUBLISHED,
        },
    )
    client.post(
        reverse("network:resource_create"),
        {
            "title": "Guide piégé",
            "kind": "guide",
            "summary": "r",
            "file": documents.upload("guide.exe", documents.pdf_bytes()),
            "territory": "hdf",
            "status": Status.PUBLISHED,
        },
    )
    image_name = News.objects.get().image.name
    file_name = Resource.objects.get().file.name
    assert image_name.endswith(".png") and "page" not in image_name
    assert file_name.endswith(".pdf") and "guide" not in file_name


def test_an_opendocument_with_a_huge_mimetype_entry_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * 10_000)
    assert uploads.document_format(io.BytesIO(out.getvalue())) is None


def test_an_image_stored_through_the_admin_in_another_format_is_not_served(client, settings):
    news = NewsFactory()
    news.image.save("dessin.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    response = client.get(reverse("network:news_image", args=[news.slug]))
    assert response.status_code == 404


# Mistakes a new user makes ------------------------------------------------------------------


def test_a_form_with_errors_names_the_fields_to_correct_at_the_top(client):
    login(client, UserFactory())
    response = client.post(reverse("network:news_create"), {"summary": "Un résumé"})
    page = response.content.decode()
    summary = page[page.index('role="alert"') : page.index("</ul>", page.index('role="alert"'))]
    assert "corrigez les champs suivants" in summary
    assert '<a href="#id_title">Titre</a>&nbsp;: Ce champ est obligatoire.' in summary
    assert '<a href="#id_body">Texte</a>' in summary
    assert "Résumé" not in summary


def test_sending_a_newsletter_needs_a_confirmation_and_a_subscriber(client):
    facilitator = login(client, FacilitatorFactory())
    issue = Issue.objects.create(subject="Lettre", editorial="Bonjour", created_by=facilitator)
    url = reverse("network:issue_send", args=[issue.pk])
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "Aucun abonné n&#x27;a encore confirmé" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT

    SubscriberFactory(email="lecteur@exemple.fr")
    response = client.post(url, follow=True)
    assert "Je confirme l&#x27;envoi" in response.content.decode()
    assert mail.outbox == []
    client.post(url, {"confirm": "1"})
    assert [message.to for message in mail.outbox] == [["lecteur@exemple.fr"]]


def test_the_registrants_page_counts_places_in_correct_french(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    login(client, FacilitatorFactory())
    page = client.get(reverse("network:event_registrants", args=[event.slug])).content.decode()
    counts = " ".join(html.unescape(page).split())
    assert "1 confirmée, 0 en liste d'attente, 1 place " in counts


def test_the_admin_checks_uploads_like_the_site(client):
    admin_user = login(client, UserFactory(is_staff=True, is_superuser=True))
    assert admin_user.is_superuser
    url = reverse("admin:network_resource_add")
    fields = {"title": "Guide", "slug": "guide", "kind": "guide", "summary": "r"}
    fields |= {"territory": "hdf", "status": Status.PUBLISHED}
    refused = client.post(url, {**fields, "file": documents.upload("page.html", b"<script>")})
    assert refused.status_code == 200
    assert "n&#x27;est pas un document accepté" in refused.content.decode()
    client.post(url, {**fields, "file": documents.upload("page.html", documents.pdf_bytes())})
    resource = Resource.objects.get()
    assert resource.file.name.endswith(".pdf") and resource.file_format == "pdf"


def test_an_address_too_long_for_the_database_is_refused_with_a_french_message(client):
    address = ".".join(["a" * 63] * 4) + "@exemple.fr"
    event = EventFactory()
    response = client.post(
        reverse("network:event_register", args=[event.slug]), {"name": "X", "email": address}
    )
    assert response.status_code == 400
    assert "au plus 254 caractères" in response.content.decode()
    response = client.post(reverse("network:newsletter_subscribe"), {"email": address})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_a_long_list_is_sent_one_batch_per_click_so_the_request_never_times_out(client, settings):
    settings.NETWORK_NEWSLETTER_BATCH_SIZE = 2
    for n in range(3):
        SubscriberFactory(email=f"lecteur{n}@exemple.fr")
    facilitator = login(client, FacilitatorFactory())
    issue = Issue.objects.create(subject="Lettre", editorial="Bonjour", created_by=facilitator)
    url = reverse("network:issue_send", args=[issue.pk])
    page = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert len(mail.outbox) == 2
    assert "1 restent à servir" in page and "Reprendre l" in page
    client.post(url)
    assert len(mail.outbox) == 3
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


# Privacy ------------------------------------------------------------------------------------


def test_the_names_in_a_working_group_are_shown_to_members_only(client):
    group = WorkingGroupFactory()
    group.members.add(UserFactory(first_name="Alix", last_name="Martin"))
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Alix Martin" not in page
    assert '<span class="figure">1</span> membre' in page
    login(client, UserFactory(organisation=None))
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Alix Martin" not in page and "Rejoindre le groupe" not in page
    assert "ouverts aux membres du réseau" in page
    login(client, UserFactory())
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Alix Martin" in page and "Rejoindre le groupe" in page


def test_the_admin_also_requires_alt_text_for_a_news_image(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    fields = {"title": "Photo", "slug": "photo", "summary": "r", "body": "t"}
    fields |= {"status": Status.PUBLISHED, "image": documents.upload("p.png", documents.PNG)}
    response = client.post(reverse("admin:network_news_add"), fields)
    assert response.status_code == 200
    assert "Décrivez l&#x27;image en quelques mots" in response.content.decode()
    assert not News.objects.exists()


def test_feeds_never_hand_markup_from_a_summary_to_feed_readers(client):
    NewsFactory(summary="Voir <img src=x onerror=alert(1)>")
    ResourceFactory(summary="Un **guide** <script>alert(1)</script>")
    news = client.get(reverse("network:news_rss")).content
    description = ElementTree.fromstring(news).find("channel/item/description").text  # noqa: S314
    assert description == "Voir &lt;img src=x onerror=alert(1)&gt;"
    resources = client.get(reverse("network:resource_atom")).content.decode()
    assert "&lt;strong&gt;guide&lt;/strong&gt;" in resources
    assert "script" not in resources
