"""Events as iCalendar (RFC 5545): one file per event and a feed of all events."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings

from .mail import absolute_url

PRODID = "-//APuRe Hauts-de-France//apure//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# An event without an end is shown as lasting two hours, a usual meeting length.
DEFAULT_DURATION = timedelta(hours=2)


def _vevent(event):
    paris = ZoneInfo(settings.TIME_ZONE)
    host = urlsplit(settings.SITE_URL).hostname or "apure.localhost"
    url = absolute_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", f"evenement-{event.pk}@{host}")
    component.add("dtstamp", datetime.now(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("dtstart", event.starts_at.astimezone(paris))
    component.add("dtend", (event.ends_at or event.starts_at + DEFAULT_DURATION).astimezone(paris))
    component.add("summary", event.title)
    component.add("description", f"{event.description}\n\n{url}")
    # Never the visio link: calendar files are public (the link goes to confirmed participants).
    component.add("location", event.place or "En ligne")
    component.add("url", url)
    return component


def calendar(events, name="Événements du réseau APuRe"):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event))
    cal.add_missing_timezones()
    return cal.to_ical()
