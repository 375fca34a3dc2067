"""« Suivre », « Mes suivis » and « Signaler une erreur »: who may do what, and what they see."""

import html

import pytest
from django.core import mail

from apure.follow.models import ErrorReport, Follow, ReportStatus
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory

from .conftest import CROIX, contract

pytestmark = pytest.mark.django_db

UID = f"{CROIX}/2025-0001"
REPORT_URL = f"/observatoire/signalements/nouveau/?marche={UID}"


@pytest.fixture
def store(served):
    served([contract(1), contract(2)], "run-1", 2)


def text(response):
    return html.unescape(response.content.decode())


def test_a_member_follows_a_buyer_from_its_page_and_sees_it_in_my_follows(client, store):
    member = UserFactory()
    client.force_login(member)
    page = text(client.get(f"/observatoire/acheteurs/{CROIX}/"))
    assert ">Suivre</button>" in page
    answer = client.post(
        "/observatoire/suivis/suivre/",
        {"type": "buyer", "code": CROIX, "suivant": f"/observatoire/acheteurs/{CROIX}/"},
        follow=True,
    )
    assert "Vous suivez désormais « Commune de Croix, SIRET 21590163800019 »" in text(answer)
    assert "Suivi · ne plus suivre" in text(answer)
    listing = text(client.get("/observatoire/suivis/"))
    assert "Commune de Croix, SIRET 21590163800019" in listing
    assert f"/observatoire/marches/flux.atom?region=&amp;acheteur={CROIX}" in listing.replace(
        "&", "&amp;"
    )
    item = Follow.objects.get(user=member)
    client.post(f"/observatoire/suivis/{item.pk}/retirer/")
    assert not Follow.objects.exists()


def test_a_segment_and_territories_have_the_button(client, store):
    client.force_login(UserFactory())
    for url in (
        "/observatoire/segments/nettoyage-locaux/",
        "/observatoire/territoires/region/32/",
        "/observatoire/territoires/departement/59/",
    ):
        assert ">Suivre</button>" in text(client.get(url)), url
    client.post(
        "/observatoire/suivis/suivre/",
        {"type": "segment", "code": "nettoyage-locaux", "region": "32"},
    )
    assert Follow.objects.get().label == "Nettoyage des locaux en Hauts-de-France"


def test_visitors_are_invited_to_log_in_and_cannot_follow(client, store):
    page = text(client.get(f"/observatoire/acheteurs/{CROIX}/"))
    assert "Connectez-vous pour suivre cette vue" in page
    answer = client.post("/observatoire/suivis/suivre/", {"type": "buyer", "code": CROIX})
    assert answer.status_code == 302 and "/connexion" in answer.url or "login" in answer.url
    assert client.get("/observatoire/suivis/").status_code == 302
    assert not Follow.objects.exists()


def test_a_person_outside_member_bodies_cannot_follow(client, store):
    client.force_login(UserFactory(organisation=OrganisationFactory(is_member=False)))
    answer = client.post("/observatoire/suivis/suivre/", {"type": "buyer", "code": CROIX})
    assert answer.status_code == 403
    assert not Follow.objects.exists()


def test_nobody_removes_another_persons_follow(client, store):
    owner, other = UserFactory(), UserFactory()
    item = Follow.objects.create(user=owner, kind="buyer", code=CROIX, label="Croix")
    client.force_login(other)
    answer = client.post(f"/observatoire/suivis/{item.pk}/retirer/", follow=True)
    assert "Ce suivi n'existe plus." in text(answer)
    assert Follow.objects.filter(pk=item.pk).exists()


def test_a_member_report_reaches_the_facilitators_with_the_source_file(
    client, store, django_capture_on_commit_callbacks
):
    facilitators = [
        FacilitatorFactory(email="animation@cerdd.org"),
        FacilitatorFactory(email="anim@cd2e.com"),
    ]
    member = UserFactory()
    client.force_login(member)
    contract_page = text(client.get(f"/observatoire/marches/{UID}/"))
    assert "Signaler une erreur" in contract_page
    form = text(client.get(REPORT_URL))
    assert 'id="id_email"' not in form  # the account proves the address
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            REPORT_URL,
            {"topic": "amount", "message": "Le montant est 5 000 €, pas 50 000 €."},
            follow=True,
        )
    assert "votre signalement est transmis à l'animation du réseau" in text(answer)
    report = ErrorReport.objects.get()
    assert report.status == ReportStatus.OPEN and report.reporter == member
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in facilitators)
    body = mail.outbox[0].body
    assert "Fichier source\u00a0: decp-2025.json, enregistrement n° 0" in body
    assert f"Identifiant\u00a0: {UID}" in body
    assert "Le montant est 5 000 €, pas 50 000 €." in body
    # The reporter sees its state in « Mes suivis » and on its page, but cannot close it.
    assert f"n° {report.pk}" in text(client.get("/observatoire/suivis/"))
    assert "État\u00a0: ouvert" in text(client.get(f"/observatoire/signalements/{report.pk}/"))
    assert (
        client.post(f"/observatoire/signalements/{report.pk}/", {"action": "clore"}).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_a_visitor_report_waits_for_the_confirmation_link(
    client, store, django_capture_on_commit_callbacks
):
    FacilitatorFactory(email="animation@cerdd.org")
    form = text(client.get(REPORT_URL))
    assert 'id="id_email"' in form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            REPORT_URL,
            {"topic": "dates", "message": "Date fausse.", "email": "visiteur@exemple.fr"},
        )
    report = ErrorReport.objects.get()
    assert report.status == ReportStatus.UNCONFIRMED
    assert [m.to for m in mail.outbox] == [["visiteur@exemple.fr"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/confirmer/" in line).strip()
    path = link.removeprefix("http://127.0.0.1:8000")
    # Facilitators see nothing until then.
    facilitator = FacilitatorFactory(email="autre@cerdd.org")
    client.force_login(facilitator)
    assert "Date fausse" not in text(client.get("/observatoire/signalements/"))
    client.logout()
    assert "Confirmer le signalement" in text(
        client.get(path)
    )  # a GET (mail scanners) changes nothing
    assert ErrorReport.objects.get().status == ReportStatus.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    assert ErrorReport.objects.get().status == ReportStatus.OPEN
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["animation@cerdd.org", "autre@cerdd.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)  # twice: nobody is told twice
    assert len(mail.outbox) == 3


def test_visitors_are_rate_limited(client, store):
    for number in range(3):
        answer = client.post(
            REPORT_URL, {"topic": "other", "message": f"n° {number}", "email": "v@exemple.fr"}
        )
        assert answer.status_code == 302
    answer = client.post(
        REPORT_URL, {"topic": "other", "message": "encore", "email": "v@exemple.fr"}
    )
    assert answer.status_code == 429
    assert "Trop de signalements en peu de temps" in text(answer)
    assert ErrorReport.objects.count() == 3


def test_an_unknown_contract_cannot_be_reported(client, store):
    assert client.get("/observatoire/signalements/nouveau/?marche=inconnu").status_code == 404


def test_the_facilitators_list_is_theirs_only(client, store):
    report = ErrorReport.objects.create(
        uid=UID,
        topic="amount",
        message="faux",
        status=ReportStatus.OPEN,
        source_file="decp-2025.json",
        record_index=0,
        email="a@b.fr",
    )
    assert client.get("/observatoire/signalements/").status_code == 302  # anonymous: log in
    client.force_login(UserFactory())
    assert client.get("/observatoire/signalements/").status_code == 403
    assert client.get(f"/observatoire/signalements/{report.pk}/").status_code == 403  # not theirs
    client.force_login(FacilitatorFactory())
    page = text(client.get("/observatoire/signalements/"))
    assert "decp-2025.json, n° 0" in page


def test_facilitators_comment_and_close(client, store):
    report = ErrorReport.objects.create(
        uid=UID, topic="amount", message="faux", status=ReportStatus.OPEN, email="a@b.fr"
    )
    facilitator = FacilitatorFactory()
    client.force_login(facilitator)
    client.post(f"/observatoire/signalements/{report.pk}/", {"body": "Transmis à l'acheteur."})
    client.post(f"/observatoire/signalements/{report.pk}/", {"action": "clore"})
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.closed_by == facilitator
    page = text(client.get(f"/observatoire/signalements/{report.pk}/"))
    assert "État\u00a0: clos" in page and "Transmis à l'acheteur." in page
    assert f"signalements/{report.pk}/" in text(
        client.get("/observatoire/signalements/?etat=closed")
    )


def test_the_facilitators_list_takes_a_fixed_number_of_queries(
    client, store, django_assert_max_num_queries
):
    client.force_login(FacilitatorFactory())
    for number in range(30):
        report = ErrorReport.objects.create(
            uid=f"{UID}{number}",
            topic="amount",
            message="faux",
            reporter=UserFactory(),
            status=ReportStatus.OPEN,
        )
        report.comments.create(body="vu")
    with django_assert_max_num_queries(8):
        page = client.get("/observatoire/signalements/")
    assert page.status_code == 200


def test_a_report_without_a_topic_or_message_is_refused_in_french(client, store):
    answer = client.post(REPORT_URL, {"topic": "", "message": "", "email": "v@exemple.fr"})
    assert answer.status_code == 200
    assert "Rien n'est enregistré\u00a0: corrigez les champs suivants." in text(answer)
    assert "Ce champ est obligatoire." in text(answer)
    assert not ErrorReport.objects.exists()


def test_the_cpv_division_page_has_no_follow_button(client, store):
    client.force_login(UserFactory())
    assert ">Suivre</button>" not in text(client.get("/observatoire/cpv/90/"))
