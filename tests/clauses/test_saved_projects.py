"""« Mes marchés »: save, list, reopen, update, share read-only, delete — and who may."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from apure.clauses.models import SavedProject
from tests.factories import FacilitatorFactory, UserFactory

PROJECT = {
    "objet": "Réhabilitation thermique d'un groupe scolaire",
    "cpv": "45453000",
    "montant": "2 400 000",
    "acheteur_type": "commune",
    "date_lancement": "2026-10-01",
    "type_contrat": "marche",
}


def save(client, **extra):
    data = {**PROJECT, "clause": ["fixture-insertion-travaux"], **extra}
    return client.post(reverse("clauses:save_project"), data)


@pytest.fixture
def member(db):
    return UserFactory()


def test_a_member_saves_finds_and_deletes_a_project(library, cpv_codes, client, member):
    client.force_login(member)
    response = save(client)
    project = SavedProject.objects.get()
    assert response["Location"] == project.get_absolute_url()
    assert project.organisation == member.organisation and project.clauses == [
        "fixture-insertion-travaux"
    ]
    html = client.get(reverse("clauses:projects")).content.decode()
    assert "Réhabilitation thermique d&#x27;un groupe scolaire" in html
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Aucun statut d'obligation n'a changé" in page
    assert "Heures d&#x27;insertion sur le chantier" in page
    client.post(reverse("clauses:project_action", args=[project.pk, "supprimer"]))
    assert not SavedProject.objects.exists()


def test_the_page_says_which_statuses_changed_since_saving(library, cpv_codes, client, member):
    client.force_login(member)
    save(client)
    project = SavedProject.objects.get()
    code, item = next(
        (code, item)
        for code, item in project.summary["obligations"].items()
        if item["status"] == "applicable"
    )
    project.summary["obligations"][code]["status"] = "possible"  # as if the law had changed
    project.save()
    page = client.get(project.get_absolute_url()).content.decode()
    title = item["title"].replace("'", "&#x27;")
    assert f"{title}&nbsp;: Possibilité → Applicable" in page
    client.post(reverse("clauses:project_action", args=[project.pk, "mettre-a-jour"]))
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Possibilité → Applicable" not in page


def test_another_body_can_neither_see_nor_change_a_project(library, cpv_codes, client, member):
    client.force_login(member)
    save(client)
    project = SavedProject.objects.get()
    client.force_login(UserFactory())  # another member body
    assert client.get(project.get_absolute_url()).status_code == 404
    assert "groupe scolaire" not in client.get(reverse("clauses:projects")).content.decode()
    for action in ["mettre-a-jour", "partager", "supprimer"]:
        response = client.post(reverse("clauses:project_action", args=[project.pk, action]))
        assert response.status_code == 404
    assert save(client, projet=project.pk).status_code == 404  # no overwrite by id
    project.refresh_from_db()
    assert project.share_token == "" and project.owner == member
    client.force_login(FacilitatorFactory())
    assert client.get(project.get_absolute_url()).status_code == 200


def test_a_revocable_read_only_link(library, cpv_codes, client, member):
    client.force_login(member)
    save(client)
    project = SavedProject.objects.get()
    client.post(reverse("clauses:project_action", args=[project.pk, "partager"]))
    project.refresh_from_db()
    assert len(project.share_token) >= 40
    shared = reverse("clauses:shared_project", args=[project.share_token])
    client.force_login(UserFactory())
    page = client.get(shared).content.decode()
    assert "consultation seule" in page and "Supprimer ce marché" not in page
    client.force_login(member)
    client.post(reverse("clauses:project_action", args=[project.pk, "retirer-partage"]))
    client.force_login(UserFactory())
    assert client.get(shared).status_code == 404


def test_visitors_are_sent_to_log_in(library, client):
    assert client.get(reverse("clauses:projects")).status_code == 302
    assert save(client).status_code == 302
    assert not SavedProject.objects.exists()


def test_the_list_costs_the_same_queries_for_many_projects(
    library, cpv_codes, client, member, django_assert_max_num_queries
):
    client.force_login(member)
    for number in range(8):
        SavedProject.objects.create(organisation=member.organisation, owner=member,
                                    title=f"Marché {number}", inputs=PROJECT)  # fmt: skip
    with django_assert_max_num_queries(6):
        html = client.get(reverse("clauses:projects")).content.decode()
    assert "Marché 7" in html


def test_reopening_fills_the_tool_and_saving_updates_the_same_project(
    library, cpv_codes, client, member
):
    client.force_login(member)
    save(client)
    project = SavedProject.objects.get()
    page = client.get(project.get_absolute_url()).content.decode()
    reopen = f"{reverse('clauses:recommend')}?{urlencode({**PROJECT, 'projet': project.pk})}"
    assert reopen.replace("&", "&amp;") in page.replace("%27", "%27") or "Rouvrir" in page
    tool = client.get(reopen).content.decode()
    assert "Mettre à jour « Réhabilitation thermique" in tool
    save(client, projet=project.pk, montant="1 000 000")
    assert SavedProject.objects.count() == 1
    assert SavedProject.objects.get().inputs["montant"] == "1 000 000"
