"""Events at any point of their life, built directly (not through the operations) so that a
test can start with an event that has begun, ended or was cancelled."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from civic.accounts.models import Role, User
from civic.db import db, utcnow
from civic.events.models import Event
from tests.factories import UserFactory


def council_member() -> User:
    return UserFactory(roles=[Role.COUNCIL_MEMBER])


def make_event(
    organiser: User | None = None,
    *,
    starts_in: timedelta = timedelta(days=7),
    hours: float = 2,
    capacity: int | None = None,
    cancelled: bool = False,
    **fields: Any,
) -> Event:
    organiser = organiser or council_member()
    starts_at = (utcnow() + starts_in).replace(second=0, microsecond=0)
    event = Event(
        title=str(fields.pop("title", "Stadtteilversammlung")),
        description_markdown=str(fields.pop("description_markdown", "Wir reden über den Platz.")),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        venue=str(fields.pop("venue", "Stadtteilhaus Pieschen, Robert-Matzke-Straße 10")),
        capacity=capacity,
        organiser_id=organiser.id,
        cancelled_at=utcnow() if cancelled else None,
        cancel_reason="Der Saal ist nicht verfügbar." if cancelled else "",
        **fields,
    )
    db.session.add(event)
    db.session.commit()
    return event


def upcoming(organiser: User | None = None, **kwargs: Any) -> Event:
    return make_event(organiser, **kwargs)


def running(organiser: User | None = None, **kwargs: Any) -> Event:
    return make_event(organiser, starts_in=timedelta(hours=-1), hours=3, **kwargs)


def past(organiser: User | None = None, **kwargs: Any) -> Event:
    return make_event(organiser, starts_in=timedelta(days=-10), **kwargs)


def fields(**changes: Any) -> dict[str, Any]:
    """What ``announce_event`` and ``update_event`` take, for an event in a week."""
    starts_at = (utcnow() + timedelta(days=7)).replace(second=0, microsecond=0)
    values: dict[str, Any] = {
        "title": "Werkstatt: Plätze für alle",
        "description": "Wir **planen** gemeinsam.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "venue": "Rathaus Dresden, Dr.-Külz-Ring 19",
        "accessibility": "Stufenloser Zugang über den Seiteneingang.",
        "district_id": None,
        "capacity": None,
        "project_ids": [],
    }
    values.update(changes)
    return values


def fields_of(event: Event, **changes: Any) -> dict[str, Any]:
    """What the event has now, with ``changes`` (for ``update_event``)."""
    values: dict[str, Any] = {
        "title": event.title,
        "description": event.description_markdown,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "accessibility": event.accessibility,
        "district_id": event.district_id,
        "capacity": event.capacity,
        "project_ids": [p.id for p in event.projects],
    }
    values.update(changes)
    return values
