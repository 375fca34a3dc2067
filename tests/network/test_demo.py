from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.management import call_command

from apure.network import demo
from apure.network.models import Event, News, Reply, Resource, Thread, WorkingGroup

pytestmark = pytest.mark.django_db


def test_demo_creates_the_four_groups_and_example_content_idempotently():
    call_command("migrate", verbosity=0)  # no-op; demo runs after migrations
    lines = []
    demo.load(lines.append)
    counts = (News.objects.count(), Event.objects.count(), Resource.objects.count())
    demo.load(lines.append)
    assert (News.objects.count(), Event.objects.count(), Resource.objects.count()) == counts
    assert sorted(WorkingGroup.objects.values_list("short_name", flat=True)) == [
        "ACV",
        "Organisations",
        "Politiques publiques",
        "Réemploi",
    ]
    relaunch = Event.objects.get(slug="relance-apure-dunkerque-2022")
    assert relaunch.starts_at.date().isoformat() == "2022-02-24" and relaunch.is_past
    assert "Dunkerque" in relaunch.place
    assert relaunch.resources.exists()  # the past event keeps its minutes
    assert Event.objects.upcoming().count() == 2
    for model in (News, Event, Resource):
        assert not model.objects.filter(is_example=False).exists()
    for group in WorkingGroup.objects.all():
        assert News.objects.with_theme(group).exists() or Resource.objects.with_theme(group)


def test_demo_relaunched_over_one_loaded_with_plain_spaces_duplicates_nothing():
    # A demo loaded before its titles took a non-breaking space before « : ? »: relaunched,
    # it must not publish a second « SPASER : comment relier… » that looks just the same.
    demo.load(lambda line: None)
    for model in (News, Thread):
        for pk, title in model.objects.values_list("pk", "title"):
            model.objects.filter(pk=pk).update(title=title.replace("\u00a0", " "))
    counts = (News.objects.count(), Thread.objects.count(), Reply.objects.count())
    demo.load(lambda line: None)
    assert (News.objects.count(), Thread.objects.count(), Reply.objects.count()) == counts
    assert not News.objects.filter(slug__endswith="-2").exists()
    assert News.objects.filter(title__startswith="SPASER\u00a0: comment relier").exists()
    assert Thread.objects.get().title.endswith("variante\u00a0?")


def test_demo_documents_are_real_pdfs():
    demo.load(lambda line: None)
    resource = Resource.objects.exclude(file="").first()
    with resource.file.open("rb") as document:
        data = document.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert resource.file_format == "pdf"


def test_demo_events_to_come_stay_to_come_whenever_it_is_loaded():
    # Long after the dates that were once written in the demo (December 2027).
    later = datetime(2031, 3, 1, 8, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=later):
        demo.load(lambda line: None)
        upcoming = list(Event.objects.upcoming())
        for event in upcoming:
            event.full_clean()  # within the events' bounds (at most three years ahead)
    assert len(upcoming) == 2
    assert all(event.starts_at > later for event in upcoming)


def test_demo_news_stay_recent_whenever_it_is_loaded():
    later = datetime(2031, 3, 1, 8, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=later):
        demo.load(lambda line: None)
        latest = News.objects.published().order_by("-published_at").first()
        assert News.objects.published().count() == News.objects.count()  # none in the future
    assert later - latest.published_at < timedelta(days=90)
