"""What an event may be: dates and places within sensible bounds, on the site and in the admin."""

import html

import pytest
from django.urls import reverse

from apure.network.models import Event, WorkingGroup
from tests.factories import FacilitatorFactory

from .factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db

# With the clock frozen in 2026 (see conftest), events may be dated from 2000 to 2029.
DATE_OUT_OF_BOUNDS = "La date doit être comprise entre 2000 et 2029\u00a0: vérifiez l'année."
CAPACITY_OUT_OF_BOUNDS = "Indiquez un nombre de places entre 1 et 100\u202f000"


def text_of(response):
    return html.unescape(response.content.decode())


def create_on_site(client, **fields):
    client.force_login(FacilitatorFactory())
    data = {
        "title": "Atelier clauses sociales",
        "starts_at": "2027-03-18T14:00",
        "place": "Lille",
        "description": "Un atelier pratique.",
        "registration_open": "on",
        "status": "published",
    }
    return client.post(reverse("network:event_create"), data | fields)


def split(local_datetime):
    """The admin's two boxes (date, time) for a value written 2027-03-18T14:00."""
    day, time = local_datetime.split("T")
    year, month, date = day.split("-")
    return f"{date}/{month}/{year}", time


def create_in_admin(client, starts_at="2027-03-18T14:00", ends_at="", capacity=""):
    client.force_login(FacilitatorFactory(is_staff=True, is_superuser=True))
    starts_day, starts_time = split(starts_at)
    ends_day, ends_time = split(ends_at) if ends_at else ("", "")
    data = {
        "title": "Atelier clauses sociales",
        "slug": "atelier-clauses-sociales",
        "status": "published",
        "starts_at_0": starts_day,
        "starts_at_1": starts_time,
        "ends_at_0": ends_day,
        "ends_at_1": ends_time,
        "place": "Lille",
        "description": "Un atelier pratique.",
        "capacity": capacity,
        "registration_open": "on",
        "registrations-TOTAL_FORMS": 0,
        "registrations-INITIAL_FORMS": 0,
        "registrations-MIN_NUM_FORMS": 0,
        "registrations-MAX_NUM_FORMS": 1000,
    }
    return client.post(reverse("admin:network_event_add"), data)


@pytest.mark.parametrize("starts_at", ["1900-03-18T14:00", "2030-01-01T10:00"])
def test_the_site_refuses_an_event_dated_1900_or_years_ahead(client, frozen_now, starts_at):
    response = create_on_site(client, starts_at=starts_at)
    assert DATE_OUT_OF_BOUNDS in text_of(response)
    assert not Event.objects.exists()


@pytest.mark.parametrize("starts_at", ["1900-03-18T14:00", "2030-01-01T10:00"])
def test_the_admin_refuses_the_same_dates_as_the_site(client, frozen_now, starts_at):
    response = create_in_admin(client, starts_at=starts_at)
    assert DATE_OUT_OF_BOUNDS in text_of(response)
    assert not Event.objects.exists()


def test_an_event_of_the_archive_or_planned_three_years_ahead_is_accepted(client, frozen_now):
    create_on_site(client, title="Première rencontre", starts_at="2000-01-01T10:00")
    create_on_site(client, title="Rencontre de 2029", starts_at="2029-12-31T10:00")
    assert Event.objects.count() == 2


def test_an_end_in_1900_is_refused_like_a_start(client, frozen_now):
    response = create_on_site(client, ends_at="1900-03-18T17:00")
    assert DATE_OUT_OF_BOUNDS in text_of(response)
    assert not Event.objects.exists()


def test_the_admin_refuses_an_end_before_the_start_as_the_site_does(client, frozen_now):
    response = create_in_admin(client, starts_at="2027-03-18T14:00", ends_at="2027-03-17T17:00")
    assert "La fin doit être après le début." in text_of(response)
    assert not Event.objects.exists()
    response = create_on_site(client, starts_at="2027-03-18T14:00", ends_at="2027-03-17T17:00")
    assert "La fin doit être après le début." in text_of(response)
    assert not Event.objects.exists()


@pytest.mark.parametrize("capacity", ["99999999999999999999", "100001", "0", "-5"])
def test_the_site_refuses_an_absurd_capacity_with_a_french_sentence(client, frozen_now, capacity):
    page = text_of(create_on_site(client, capacity=capacity))
    assert CAPACITY_OUT_OF_BOUNDS in page
    assert "9223372036854775807" not in page
    assert not Event.objects.exists()


@pytest.mark.parametrize("capacity", ["99999999999999999999", "0", "-5"])
def test_the_admin_refuses_the_same_capacities_as_the_site(client, frozen_now, capacity):
    page = text_of(create_in_admin(client, capacity=capacity))
    assert CAPACITY_OUT_OF_BOUNDS in page
    assert "9223372036854775807" not in page
    assert not Event.objects.exists()


def test_the_capacity_box_tells_the_browser_its_bounds(client, frozen_now):
    client.force_login(FacilitatorFactory())
    page = client.get(reverse("network:event_create")).content.decode()
    assert 'min="1"' in page and 'max="100000"' in page


def test_a_large_conference_of_100_000_places_is_accepted(client, frozen_now):
    create_on_site(client, capacity="100000")
    assert Event.objects.get().capacity == 100_000


def test_the_admin_refuses_an_absurd_working_group_rank_in_french(client):
    client.force_login(FacilitatorFactory(is_staff=True, is_superuser=True))
    group = WorkingGroupFactory(short_name="Réemploi", position=1)
    data = {"name": group.name, "slug": group.slug, "short_name": group.short_name}
    response = client.post(
        reverse("admin:network_workinggroup_change", args=[group.pk]), data | {"position": 40000}
    )
    page = text_of(response)
    assert "Indiquez un rang entre 0 et 999." in page and "32767" not in page
    assert WorkingGroup.objects.get().position == 1
