"""Events as iCalendar (RFC 5545), for "add to my calendar" and for subscribing to the feed.

Built with the ``icalendar`` library, which escapes text, folds long lines and writes UTC
times as the standard wants them. Times are written in UTC (``…Z``): every calendar program
shows them in its reader's own time zone."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app, url_for
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from civic.core.site import get_settings
from civic.db import utcnow
from civic.events.models import Event


def _host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def event_uid(event: Event) -> str:
    """Stable for the life of the event, so that calendars update instead of duplicating."""
    return f"event-{event.id}@{_host()}"


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _component(event: Event, stamp: object) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", stamp)
    item.add("created", event.created_at)
    item.add("last-modified", event.updated_at)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    description = event.description_markdown
    if event.is_cancelled:
        description = f"{event.cancel_reason}\n\n{description}".strip()
    if description:
        item.add("description", description)
    if event.venue:
        item.add("location", " ".join(event.venue.split()))
    item.add("url", _external("events.detail", event_id=event.id))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def calendar(events: Iterable[Event], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//civic//Events//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = utcnow().replace(microsecond=0)
    for event in events:
        cal.add_component(_component(event, stamp))
    return cal.to_ical()


def feed_name() -> str:
    return get_settings().platform_name
