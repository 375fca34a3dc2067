from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apure.clauses.models import Clause, Status
from apure.clauses.themes import ensure_themes
from tests.factories import FacilitatorFactory, UserFactory

from .factories import ClauseFactory, SegmentFactory


def test_review_workflow_draft_submitted_published(db):
    facilitator = FacilitatorFactory()
    clause = ClauseFactory(status=Status.DRAFT)
    assert clause.submit(UserFactory())
    assert clause.status == Status.SUBMITTED
    assert clause.publish(facilitator)
    clause.refresh_from_db()
    assert clause.status == Status.PUBLISHED and clause.published_at is not None
    assert [r.comment for r in clause.revisions.all()] == ["Publiée", "Soumise à relecture"]
    assert clause.revisions.first().author == facilitator


def test_only_facilitators_publish(db):
    clause = ClauseFactory(status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        clause.publish(UserFactory(is_staff=True))
    clause.refresh_from_db()
    assert clause.status == Status.SUBMITTED


def _admin_client(client, user):
    from django.contrib.auth.models import Permission

    user.user_permissions.set(Permission.objects.filter(content_type__app_label="clauses"))
    client.force_login(user)
    return client


def test_admin_publish_action_is_refused_to_a_non_facilitator(db, client):
    editor = UserFactory(is_staff=True)
    clause = ClauseFactory(status=Status.SUBMITTED)
    response = _admin_client(client, editor).post(
        reverse("admin:clauses_clause_changelist"),
        {"action": "publish_selected", "_selected_action": [clause.pk]},
        follow=True,
    )
    clause.refresh_from_db()
    assert clause.status == Status.SUBMITTED
    assert response.status_code == 200


def test_admin_publish_action_by_a_facilitator(db, client):
    clause = ClauseFactory(status=Status.SUBMITTED)
    response = _admin_client(client, FacilitatorFactory()).post(
        reverse("admin:clauses_clause_changelist"),
        {"action": "publish_selected", "_selected_action": [clause.pk]},
        follow=True,
    )
    clause.refresh_from_db()
    assert clause.status == Status.PUBLISHED
    assert "1 clause(s) publiée(s)" in response.content.decode()


def _change_form(clause, segment, **changes):
    ensure_themes()
    data = {
        "title": clause.title,
        "slug": clause.slug,
        "kind": clause.kind,
        "text": clause.text,
        "weighting_advice": "",
        "verification": "",
        "legal_basis": clause.legal_basis,
        "vigilance": "",
        "segments": [segment.code],
        "themes": ["insertion"],
        "difficulty": clause.difficulty,
        "min_amount": "",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_an_edit_by_a_non_facilitator_sends_the_clause_back_to_draft(db, client):
    segment = SegmentFactory()
    clause = ClauseFactory()
    clause.segments.add(segment)
    response = _admin_client(client, UserFactory(is_staff=True)).post(
        reverse("admin:clauses_clause_change", args=[clause.pk]),
        _change_form(clause, segment, text="Texte modifié."),
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    clause.refresh_from_db()
    assert clause.text == "Texte modifié."
    assert clause.status == Status.DRAFT
    assert clause.edited_locally
    assert clause.revisions.first().snapshot["text"] == "Texte modifié."


def test_an_edit_by_a_facilitator_keeps_the_clause_published(db, client):
    segment = SegmentFactory()
    clause = ClauseFactory()
    clause.segments.add(segment)
    _admin_client(client, FacilitatorFactory()).post(
        reverse("admin:clauses_clause_change", args=[clause.pk]),
        _change_form(clause, segment, title="Titre amélioré"),
    )
    clause = Clause.objects.get(pk=clause.pk)
    assert (clause.title, clause.status, clause.edited_locally) == (
        "Titre amélioré",
        Status.PUBLISHED,
        True,
    )


def test_admin_change_page_shows_the_history(library, client):
    clause = Clause.objects.get(slug="fixture-mobilier-variante")
    response = _admin_client(client, FacilitatorFactory()).get(
        reverse("admin:clauses_clause_change", args=[clause.pk])
    )
    html = response.content.decode()
    assert "Historique des versions" in html
    assert "Chargée depuis la bibliothèque" in html


def test_the_admin_reads_a_minimum_amount_typed_in_french(db, client):
    segment = SegmentFactory()
    clause = ClauseFactory()
    clause.segments.add(segment)
    response = _admin_client(client, FacilitatorFactory()).post(
        reverse("admin:clauses_clause_change", args=[clause.pk]),
        _change_form(clause, segment, min_amount="40\u202f000,50"),
    )
    assert response.status_code == 302
    clause.refresh_from_db()
    assert clause.min_amount == Decimal("40000.50")
