"""The demo city's events (civic/events/demo.py): what a visitor of ``make run`` notices, and
that every demo row keeps to the rules of events."""

from __future__ import annotations

from sqlalchemy import func, select

from civic.core import demo
from civic.db import db, utcnow
from civic.events.demo import load_events
from civic.events.models import Event, EventRegistration
from civic.events.workflow import RegistrationStatus
from civic.projects.models import TimelineEntry


def test_the_demo_has_upcoming_past_full_and_cancelled_events_and_loads_once(ctx):
    demo.load()
    events = list(db.session.scalars(select(Event)))
    now = utcnow()
    upcoming = [e for e in events if e.starts_at > now and not e.is_cancelled]
    past = [e for e in events if e.ends_at <= now]
    assert len(upcoming) >= 4 and len(past) >= 3
    assert sum(1 for e in past if e.report_html) >= 2
    assert any(e.is_cancelled and e.starts_at > now and e.cancel_reason for e in events)
    assert any(e.is_full and e.waiting_count for e in upcoming)
    assert any(e.accessibility and e.projects for e in upcoming)
    assert len({e.district_id for e in upcoming if e.district_id}) >= 3
    assert {e.organiser.email for e in events} == {
        "stadtraetin@demo.civic.example",
        "koordination@demo.civic.example",
    }
    for event in events:
        assert event.ends_at > event.starts_at
        assert all(p.is_published for p in event.projects)
        counts = dict(
            db.session.execute(
                select(EventRegistration.status, func.count())
                .where(EventRegistration.event_id == event.id)
                .group_by(EventRegistration.status)
            ).all()
        )
        assert event.registered_count == counts.get(RegistrationStatus.REGISTERED, 0)
        assert event.waiting_count == counts.get(RegistrationStatus.WAITING, 0)
        assert event.capacity is None or event.registered_count <= event.capacity
    announced = db.session.scalar(
        select(func.count())
        .select_from(TimelineEntry)
        .where(TimelineEntry.kind == "event_announced")
    )
    assert announced == sum(len(e.projects) for e in events) > 0
    assert load_events() == 0
    demo.load()
    assert db.session.scalar(select(func.count()).select_from(Event)) == len(events)
