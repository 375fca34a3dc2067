"""What becomes of a report: the reporter is e-mailed each comment, closing and reopening,
and sees the change in « Mes suivis »; the facilitators' list is paged."""

import html
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import strip_tags

from apure.follow import reports
from apure.follow.models import ErrorReport, Mail, ReportStatus
from apure.www.observatory.follow_views import REPORTS_PER_PAGE
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory

from .conftest import CROIX, contract

pytestmark = pytest.mark.django_db

UID = f"{CROIX}/2025-0001"
CLOSED_ON = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
REOPENED_ON = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def text(response):
    return html.unescape(response.content.decode())


def words(response):
    """The page as read: tags left out, white space folded."""
    return " ".join(strip_tags(text(response)).split())


def open_report(reporter=None, email="visiteur@exemple.fr", **extra):
    fields = {
        "uid": UID,
        "contract_object": "Nettoyage des écoles",
        "buyer_siret": CROIX,
        "buyer_name": "Commune de Croix",
        "topic": "amount",
        "message": "Le montant est faux.",
        "reporter": reporter,
        "email": reporter.email if reporter else email,
        "status": ReportStatus.OPEN,
        "confirmed_at": timezone.now(),
        **extra,
    }
    return ErrorReport.objects.create(**fields)


@pytest.fixture
def facilitator(client):
    person = FacilitatorFactory(email="animation@cerdd.org")
    client.force_login(person)
    return person


def post(client, report, capture, data, when):
    with capture(execute=True), mock.patch("django.utils.timezone.now", return_value=when):
        return client.post(f"/observatoire/signalements/{report.pk}/", data)


def test_a_member_is_emailed_each_comment_closing_and_reopening_once(
    client, facilitator, django_capture_on_commit_callbacks
):
    member = UserFactory(email="acheteuse@croix.fr")
    report = open_report(member)
    capture = django_capture_on_commit_callbacks

    post(client, report, capture, {"body": "Transmis à l'acheteur."}, CLOSED_ON)
    post(client, report, capture, {"action": "clore"}, CLOSED_ON)
    post(client, report, capture, {"action": "clore"}, CLOSED_ON)  # twice: told once
    post(client, report, capture, {"action": "rouvrir"}, REOPENED_ON)

    assert [message.to for message in mail.outbox] == [["acheteuse@croix.fr"]] * 3
    commented, closed, reopened = mail.outbox
    assert "nouveau commentaire" in commented.subject
    assert "Transmis à l'acheteur." in commented.body
    assert "clos par l'animation du réseau" in closed.subject
    assert "État du signalement\u00a0: clos le 3 décembre 2026." in closed.body
    assert f"/observatoire/signalements/{report.pk}/" in closed.body
    # A transactional message, not a mailing: no unsubscribe header.
    assert "List-Unsubscribe" not in closed.extra_headers
    assert "rouvert par l'animation du réseau" in reopened.subject
    assert "État du signalement\u00a0: rouvert le 5 décembre 2026." in reopened.body

    client.force_login(member)
    page = words(client.get("/observatoire/suivis/"))
    assert "rouvert le 5 décembre 2026, 1 commentaire de l'animation" in page
    assert "État\u00a0: rouvert le 5 décembre 2026." in text(
        client.get(f"/observatoire/signalements/{report.pk}/")
    )


def test_my_follows_show_when_a_report_was_closed(
    client, facilitator, django_capture_on_commit_callbacks
):
    member = UserFactory()
    report = open_report(member)
    post(client, report, django_capture_on_commit_callbacks, {"action": "clore"}, CLOSED_ON)
    client.force_login(member)
    assert f"n° {report.pk} — Nettoyage des écoles : clos le 3 décembre 2026" in words(
        client.get("/observatoire/suivis/")
    )


def test_a_confirmed_visitor_is_emailed_everything_without_a_link_they_cannot_open(
    client, facilitator, django_capture_on_commit_callbacks
):
    report = open_report(email="visiteur@exemple.fr")
    post(
        client,
        report,
        django_capture_on_commit_callbacks,
        {"body": "L'acheteur republiera le marché."},
        CLOSED_ON,
    )
    [message] = mail.outbox
    assert message.to == ["visiteur@exemple.fr"]
    assert "L'acheteur republiera le marché." in message.body
    assert "/observatoire/signalements/" not in message.body  # their account-less view
    assert f"/observatoire/marches/{UID}/" in message.body


def test_nothing_is_sent_to_an_unconfirmed_visitor_address(
    facilitator, django_capture_on_commit_callbacks
):
    report = open_report(
        email="peut-etre-quelquun@exemple.fr", status=ReportStatus.UNCONFIRMED, confirmed_at=None
    )
    # The pages never show it to facilitators; the domain refuses to write to it all the same.
    with django_capture_on_commit_callbacks(execute=True):
        reports.comment(report, facilitator, "Vu.")
        report.status = ReportStatus.OPEN
        reports.close(report, facilitator)
    assert not Mail.objects.exists()
    assert mail.outbox == []


def test_nobody_is_told_at_a_deactivated_account_or_of_their_own_action(
    facilitator, django_capture_on_commit_callbacks
):
    gone = UserFactory(is_active=False)
    own = open_report(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        reports.close(open_report(gone), facilitator)
        reports.close(own, facilitator)
    assert mail.outbox == []


def test_the_facilitators_list_is_paged(client, facilitator):
    ErrorReport.objects.bulk_create(
        ErrorReport(
            uid=f"{UID}-{n}",
            topic="amount",
            message="faux",
            email="a@b.fr",
            status=ReportStatus.OPEN,
            contract_object=f"Objet-test-{n:03d}",
        )
        for n in range(REPORTS_PER_PAGE + 1)
    )
    first = text(client.get("/observatoire/signalements/"))
    assert f"{REPORTS_PER_PAGE + 1} en tout" in first
    assert "Page 1 sur 2" in first and "?etat=open&page=2" in first
    second = text(client.get("/observatoire/signalements/?etat=open&page=2"))
    assert "Page 2 sur 2" in second
    # Every report once, the oldest on the second page.
    assert first.count("Objet-test-") == REPORTS_PER_PAGE
    assert second.count("Objet-test-") == 1 and "Objet-test-000" in second


def test_my_space_links_to_my_follows_only_for_those_who_may_follow(client):
    outsider = UserFactory(organisation=OrganisationFactory(is_member=False))
    client.force_login(outsider)
    page = text(client.get("/membres/mon-espace/"))
    assert "Mes suivis" not in page and "/observatoire/suivis/" not in page
    assert client.get("/observatoire/suivis/").status_code == 403

    client.force_login(UserFactory())
    page = text(client.get("/membres/mon-espace/"))
    assert "Mes suivis et mes signalements d'erreur" in page
    assert "Signalements d'erreur à traiter" not in page
    assert client.get("/observatoire/suivis/").status_code == 200

    client.force_login(FacilitatorFactory())
    assert "Signalements d'erreur à traiter" in text(client.get("/membres/mon-espace/"))


def test_a_reporter_outside_member_bodies_is_not_sent_to_my_follows(client, served):
    served([contract(1)], "run-1", 2)
    client.force_login(UserFactory(organisation=OrganisationFactory(is_member=False)))
    answer = client.post(
        f"/observatoire/signalements/nouveau/?marche={UID}",
        {"topic": "amount", "message": "Le montant est faux."},
        follow=True,
    )
    page = text(answer)
    assert "Vous recevrez un e-mail quand elle y donnera suite." in page
    assert "Mes suivis" not in page
