"""Nobody edits another body's SPASER or AGEC declaration (IDOR); facilitators edit all."""

import pytest

from apure.reporting import agec
from apure.reporting.models import Objective, SpaserReport, SpaserScheme, Status
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory
from tests.reporting.factories import ObjectiveFactory, SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    """Another member body with its scheme, an objective, a draft report and a declaration."""
    body = OrganisationFactory(name="Ville voisine")
    scheme = SchemeFactory(organisation=body)
    objective = ObjectiveFactory(scheme=scheme)
    SpaserReport.objects.create(scheme=scheme, year=2024)
    agec.open_declaration(body, 2024)
    return {"body": body, "scheme": scheme, "objective": objective}


def _urls(slug, objective_pk):
    return {
        "get": [
            f"/outils/spaser/{slug}/",
            f"/outils/spaser/{slug}/schema/",
            f"/outils/spaser/{slug}/objectifs/nouveau/",
            f"/outils/spaser/{slug}/objectifs/{objective_pk}/",
            f"/outils/agec/{slug}/2024/",
            f"/outils/agec/{slug}/2024/export.csv",
            f"/outils/spaser/{slug}/rapport-2024/publier/",  # the confirmation says too much
        ],
        "post": [
            f"/outils/spaser/{slug}/schema/",
            f"/outils/spaser/{slug}/objectifs/{objective_pk}/",
            f"/outils/spaser/{slug}/objectifs/{objective_pk}/supprimer/",
            f"/outils/spaser/{slug}/rapport-2024/publier/",
            f"/outils/agec/{slug}/ouvrir/",
            f"/outils/agec/{slug}/2024/",
            f"/outils/agec/{slug}/2024/preremplir/",
        ],
    }


def test_a_member_of_another_body_is_refused_everywhere(client, other):
    client.force_login(UserFactory())  # a member of another body
    urls = _urls(other["body"].slug, other["objective"].pk)
    for url in urls["get"]:
        assert client.get(url).status_code == 403, url
    for url in urls["post"]:
        assert client.post(url, {"title": "Piraté", "action": "publier"}).status_code == 403, url
    # The draft report is not even shown to them, and cannot be changed.
    report_url = f"/outils/spaser/{other['body'].slug}/rapport-2024/"
    assert client.get(report_url).status_code == 404
    assert client.post(report_url, {"actions": "Piraté"}).status_code == 404
    assert SpaserScheme.objects.get().title == "Schéma des achats responsables"
    assert Objective.objects.filter(pk=other["objective"].pk).exists()
    assert SpaserReport.objects.get().status == Status.DRAFT


def test_an_objective_of_another_body_cannot_be_reached_through_ones_own_address(client, other):
    own = UserFactory()
    SchemeFactory(organisation=own.organisation)
    client.force_login(own)
    base = f"/outils/spaser/{own.organisation.slug}/objectifs/{other['objective'].pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.post(f"{base}/supprimer/").status_code == 404
    assert Objective.objects.filter(pk=other["objective"].pk).exists()


def test_visitors_are_sent_to_log_in(client, other):
    for url in _urls(other["body"].slug, other["objective"].pk)["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "/compte/" in response["Location"], url


def test_a_facilitator_edits_any_body(client, other):
    client.force_login(FacilitatorFactory())
    slug = other["body"].slug
    for url in _urls(slug, other["objective"].pk)["get"][:5]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        f"/outils/spaser/{slug}/schema/",
        {"title": "Schéma révisé", "period_start": 2024, "period_end": 2027},
    )
    assert response.status_code == 302
    assert SpaserScheme.objects.get().title == "Schéma révisé"


def test_a_published_report_stays_private_until_the_body_opts_in(client, other):
    report = SpaserReport.objects.get()
    report.status = Status.PUBLISHED
    report.save()
    url = f"/outils/spaser/{other['body'].slug}/rapport-2024/"
    assert client.get(url).status_code == 404
    assert client.get(url.rstrip("/") + ".pdf").status_code == 404
    report.is_public = True
    report.save()
    assert client.get(url).status_code == 200
    assert client.get(url.rstrip("/") + ".pdf").status_code == 200
    # Reading is public; changing is not.
    assert client.post(url, {"actions": "Piraté"}).status_code == 403
    client.force_login(UserFactory())
    assert client.post(url, {"actions": "Piraté"}).status_code == 403
    assert SpaserReport.objects.get().actions == ""


@pytest.mark.parametrize("action", ["publier", "retirer"])
def test_only_the_body_and_facilitators_put_a_report_online_or_take_it_off(client, other, action):
    report = SpaserReport.objects.get()
    online = action == "retirer"
    report.status, report.is_public = (Status.PUBLISHED, True) if online else (Status.DRAFT, False)
    report.save()
    url = f"/outils/spaser/{other['body'].slug}/rapport-2024/publier/"

    response = client.post(url, {"action": action})  # anonymous
    assert response.status_code == 302 and "/compte/" in response["Location"]
    client.force_login(UserFactory())  # a member of another body
    assert client.post(url, {"action": action}).status_code == 403
    assert SpaserReport.objects.get().is_online is online  # nothing changed

    client.force_login(UserFactory(organisation=other["body"]))  # a member of the body
    assert client.post(url, {"action": action}).status_code == 302
    assert SpaserReport.objects.get().is_online is not online

    client.force_login(FacilitatorFactory())  # undoes it
    assert client.get(url).status_code == 200
    undo = "retirer" if action == "publier" else "publier"
    assert client.post(url, {"action": undo}).status_code == 302
    assert SpaserReport.objects.get().is_online is online
