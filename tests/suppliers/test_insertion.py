"""Insertion follow-up (hours planned vs done, entered by facilitators as totals), its use in
the SPASER yearly values and the network total; the facilitators' directory edit form. Every
write is checked for anonymous people, members, another body and facilitators."""

from datetime import UTC, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from apure.clauses.models import SavedProject
from apure.facilitation import demo as facilitation_demo
from apure.facilitation.models import Facilitator, InsertionFollowUp, InsertionYear, Theme
from apure.organisations import demo as organisations_demo
from apure.reporting import spaser
from apure.reporting.models import Measure, Objective, SpaserScheme, Unit
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plie(geography):
    """A territorial facilitator whose record is linked to an account."""
    account = UserFactory(email="clauses@plie-exemple.fr")
    return Facilitator.objects.create(
        name="Camille Martin", structure="PLIE de Lille", theme=Theme.SOCIAL_CLAUSES,
        departements="59", email="clauses@plie-exemple.fr", user=account,
    )  # fmt: skip


@pytest.fixture
def follow_up(plie):
    buyer = OrganisationFactory(name="Ville de Lille")
    return InsertionFollowUp.objects.create(
        organisation=buyer, title="Entretien des espaces verts 2026", facilitator=plie,
        hours_planned=Decimal(1200),
    )  # fmt: skip


def post_hours(client, follow_up, year=2026, hours="350"):
    return client.post(
        reverse("suppliers:follow_up_hours", args=[follow_up.pk]),
        {"year": year, "hours_done": hours},
    )


def test_the_following_facilitator_enters_yearly_totals_the_last_total_of_a_year_wins(
    client, follow_up, plie
):
    client.force_login(plie.user)
    post_hours(client, follow_up, 2026, "350")
    post_hours(client, follow_up, 2026, "400")  # corrected total
    post_hours(client, follow_up, 2027, "500")
    response = post_hours(client, follow_up, 2027, "-3")

    assert response.status_code == 302
    assert dict(follow_up.years.values_list("year", "hours_done")) == {2026: 400, 2027: 500}
    page = client.get(follow_up.get_absolute_url()).content.decode()
    page = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "900" in page and "1 200" in page


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("member", 403), ("buyer", 403), ("other_facilitator", 403),
     ("network_facilitator", 302), ("plie", 302)],
)  # fmt: skip
def test_who_may_enter_hours(client, follow_up, plie, who, expected):
    users = {
        "member": lambda: UserFactory(),
        "buyer": lambda: UserFactory(organisation=follow_up.organisation),
        "other_facilitator": lambda: (
            Facilitator.objects.create(
                name="Autre",
                structure="MDE",
                theme=Theme.SOCIAL_CLAUSES,
                departements="62",
                email="a@exemple.fr",
                user=UserFactory(),
            ).user
        ),  # fmt: skip
        "network_facilitator": lambda: FacilitatorFactory(),
        "plie": lambda: plie.user,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = post_hours(client, follow_up)
    assert response.status_code == expected
    assert InsertionYear.objects.exists() == (expected == 302 and who != "anonymous")


def test_buyer_reads_its_own_follow_up_another_body_does_not(client, follow_up):
    client.force_login(UserFactory(organisation=follow_up.organisation))
    page = client.get(follow_up.get_absolute_url())
    assert page.status_code == 200
    assert "Saisir les heures" not in page.content.decode()

    client.force_login(UserFactory())
    assert client.get(follow_up.get_absolute_url()).status_code == 403


@pytest.mark.parametrize(
    "who, expected", [("anonymous", 302), ("member", 403), ("network_facilitator", 302)]
)
def test_who_may_create_a_follow_up_with_hours_planned_from_the_sizing(client, plie, who, expected):
    buyer = OrganisationFactory()
    project = SavedProject.objects.create(
        organisation=buyer, title="Tonte 2027", inputs={}, summary={"heures": 833}
    )
    if who == "member":
        client.force_login(UserFactory(organisation=buyer))
    elif who == "network_facilitator":
        client.force_login(FacilitatorFactory())
    url = reverse("suppliers:follow_up_create") + f"?projet={project.pk}"
    if expected == 302 and who != "anonymous":
        form = client.get(url).context["form"]
        assert form.initial["hours_planned"] == Decimal(833)
    response = client.post(
        url, {"organisation": buyer.pk, "title": "Tonte 2027", "facilitator": plie.pk,
              "hours_planned": "833"},
    )  # fmt: skip
    assert response.status_code == expected
    created = InsertionFollowUp.objects.filter(project=project)
    assert created.exists() == (who == "network_facilitator")


def test_hours_done_feed_the_spaser_unless_the_body_entered_its_own(follow_up):
    InsertionYear.objects.create(follow_up=follow_up, year=2026, hours_done=400)
    scheme = SpaserScheme.objects.create(
        organisation=follow_up.organisation, period_start=2025, period_end=2027
    )
    Objective.objects.create(
        scheme=scheme, category="insertion", label="Heures d'insertion", measure=Measure.ENTERED,
        unit=Unit.HOURS, baseline_year=2025, target_year=2027, target_value=1000,
    )  # fmt: skip

    (value,) = spaser.yearly_values(scheme, 2026)
    assert value.value == 400
    assert "suivi des facilitateurs\u00a0: 1 marché(s) suivi(s) en 2026" in value.source
    (missing,) = spaser.yearly_values(scheme, 2025)
    assert missing.value is None

    scheme.objectives.get().values.create(year=2026, value=450, source="bilan du PLIE")
    (entered,) = spaser.yearly_values(scheme, 2026)
    assert entered.value == 450


def test_network_total_on_the_facilitators_page(client, follow_up, django_assert_max_num_queries):
    InsertionYear.objects.create(follow_up=follow_up, year=2026, hours_done=400)
    InsertionYear.objects.create(follow_up=follow_up, year=2027, hours_done=300)

    with django_assert_max_num_queries(7):
        page = client.get(reverse("suppliers:facilitators")).content.decode()

    page = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "700 heures réalisées sur 1 200 prévues, pour 1 marché de 1 acheteur" in page


def test_follow_up_list_query_count(client, plie, django_assert_max_num_queries):
    buyer = OrganisationFactory()
    for number in range(12):
        InsertionFollowUp.objects.create(organisation=buyer, title=f"Marché {number}",
                                         facilitator=plie, hours_planned=100)  # fmt: skip
    client.force_login(FacilitatorFactory())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("suppliers:follow_ups"))
    assert len(response.context["follow_ups"]) == 12


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("member", 403), ("other_facilitator", 403),
     ("network_facilitator", 302), ("self", 302)],
)  # fmt: skip
def test_who_may_edit_a_facilitator_record(client, plie, who, expected):
    users = {
        "member": UserFactory,
        "other_facilitator": lambda: (
            Facilitator.objects.create(
                name="Autre",
                structure="MDE",
                theme=Theme.SOCIAL_CLAUSES,
                departements="62",
                email="a@exemple.fr",
                user=UserFactory(),
            ).user
        ),  # fmt: skip
        "network_facilitator": FacilitatorFactory,
        "self": lambda: plie.user,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.post(
        reverse("suppliers:facilitator_edit", args=[plie.pk]),
        {"name": "Camille Martin", "structure": "PLIE de la MEL", "theme": "clauses-sociales",
         "departements": "59, 62", "territory": "", "email": "clauses@plie-exemple.fr",
         "website": ""},
    )  # fmt: skip
    assert response.status_code == expected
    plie.refresh_from_db()
    edited = who in ("network_facilitator", "self")
    assert plie.structure == ("PLIE de la MEL" if edited else "PLIE de Lille")
    if edited:
        assert plie.departements == "59 62"


def test_facilitator_form_refuses_unknown_departements_and_only_the_network_adds(client, plie):
    client.force_login(plie.user)
    assert client.get(reverse("suppliers:facilitator_create")).status_code == 403
    client.force_login(FacilitatorFactory())
    response = client.post(
        reverse("suppliers:facilitator_create"),
        {"name": "Nouvelle", "structure": "MDE", "theme": "ess", "departements": "59 999",
         "email": "n@exemple.fr"},
    )  # fmt: skip
    assert "Département(s) inconnu(s)\u00a0: 999." in response.content.decode()
    assert not Facilitator.objects.filter(name="Nouvelle").exists()


def test_the_demo_s_example_follow_ups_make_the_network_total_of_the_last_two_years(
    client, geography
):
    organisations_demo.create_founders()
    organisations_demo.create_facilitator()
    lines = []
    with mock.patch("django.utils.timezone.now", return_value=datetime(2027, 3, 1, tzinfo=UTC)):
        facilitation_demo.load(lines.append)
        facilitation_demo.load(lines.append)  # idempotent

    follow_ups = InsertionFollowUp.objects.all()
    assert follow_ups.count() == 2
    assert all("(exemple)" in follow_up.title for follow_up in follow_ups)
    assert {follow_up.organisation.short_name for follow_up in follow_ups} == {"MEL"}
    assert {follow_up.facilitator.departements for follow_up in follow_ups} == {"59"}
    assert set(InsertionYear.objects.values_list("year", flat=True)) == {2026, 2027}
    assert "Suivis d'heures d'insertion d'exemple\u00a0: 0 créés, 2 au total" in lines[-1]

    page = client.get(reverse("suppliers:facilitators")).content.decode()
    page = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "4 210 heures réalisées sur 5 600 prévues, pour 2 marchés de 1 acheteur" in page
