"""Reads of the events domain. Every list loads what it shows with a fixed number of queries,
whatever the number of events, linked projects or registrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from civic.core.models import District
from civic.core.pagination import Page, paginate
from civic.core.taxonomy import USAGE_COUNTERS
from civic.db import db, utcnow
from civic.events.models import Event, EventRegistration, event_projects
from civic.events.workflow import RegistrationStatus
from civic.projects.models import Project
from civic.projects.workflow import ProjectState

FEED_DAYS_BACK = 90
FEED_LIMIT = 500
PER_PAGE = 20
# Projects that can be linked to a new event: published and still going on.
LINKABLE_STATES = (ProjectState.ACTIVE, ProjectState.PAUSED)


@dataclass
class Filters:
    """What the event list is narrowed to; ``past`` shows events that have ended."""

    past: bool = False
    district: District | None = None
    project: Project | None = None

    @property
    def active(self) -> bool:
        return self.district is not None or self.project is not None

    def args(self) -> dict[str, Any]:
        """The query string that keeps these filters (for links to the other view)."""
        values: dict[str, Any] = {}
        if self.district is not None:
            values["district"] = self.district.slug
        if self.project is not None:
            values["project"] = self.project.id
        return values


def filters_from_args(args: Any) -> Filters:
    """Read the filters from a query string; anything unknown is ignored, never an error."""
    district_slug = (args.get("district") or "")[:120].replace("\x00", "")
    raw_project = args.get("project") or ""
    project = None
    if raw_project.isascii() and raw_project.isdigit() and len(raw_project) < 10:
        project = db.session.get(Project, int(raw_project))
        if project is not None and not project.is_published:
            project = None
    return Filters(
        past=args.get("when") == "past",
        district=db.session.scalar(select(District).where(District.slug == district_slug))
        if district_slug
        else None,
        project=project,
    )


def _with_page_data(stmt: Select[Any]) -> Select[Any]:
    return stmt.options(
        selectinload(Event.district),
        selectinload(Event.projects),
        selectinload(Event.organiser),
    )


def event_list(filters: Filters, page: int, per_page: int = PER_PAGE) -> Page[Event]:
    """Upcoming (and running) events soonest first, or past ones newest first. Cancelled
    events stay in the upcoming list, marked, so that nobody goes to a meeting that is off;
    past ones that never took place are left out of the past list."""
    now = utcnow()
    stmt = _with_page_data(select(Event))
    if filters.past:
        stmt = stmt.where(Event.ends_at <= now, Event.cancelled_at.is_(None)).order_by(
            Event.starts_at.desc(), Event.id.desc()
        )
    else:
        stmt = stmt.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    if filters.district is not None:
        stmt = stmt.where(Event.district_id == filters.district.id)
    if filters.project is not None:
        stmt = stmt.where(
            Event.id.in_(
                select(event_projects.c.event_id).where(
                    event_projects.c.project_id == filters.project.id
                )
            )
        )
    return paginate(stmt, page, per_page)


def statuses_for(user: Any, events: list[Event]) -> dict[int, RegistrationStatus]:
    """The user's registration status for each of these events (one query)."""
    if not getattr(user, "is_authenticated", False) or not events:
        return {}
    rows = db.session.execute(
        select(EventRegistration.event_id, EventRegistration.status).where(
            EventRegistration.user_id == user.id,
            EventRegistration.event_id.in_([e.id for e in events]),
        )
    )
    return {event_id: status for event_id, status in rows}


def event_for_page(event_id: int) -> Event | None:
    return db.session.scalar(_with_page_data(select(Event)).where(Event.id == event_id))


def participants(event: Event) -> dict[RegistrationStatus, list[EventRegistration]]:
    """Registered and waiting people with their accounts, in the order they came."""
    rows = db.session.scalars(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status.in_(
                (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
            ),
        )
        .options(selectinload(EventRegistration.user))
        .order_by(EventRegistration.updated_at, EventRegistration.id)
    )
    grouped: dict[RegistrationStatus, list[EventRegistration]] = {
        RegistrationStatus.REGISTERED: [],
        RegistrationStatus.WAITING: [],
    }
    for row in rows:
        grouped[row.status].append(row)
    return grouped


def upcoming_events_for_project(project_id: int, limit: int = 3) -> list[Event]:
    """The next events linked to a project that are not cancelled (for the project page)."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.ends_at > utcnow(),
                Event.cancelled_at.is_(None),
                Event.id.in_(
                    select(event_projects.c.event_id).where(
                        event_projects.c.project_id == project_id
                    )
                ),
            )
            .options(selectinload(Event.district))
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )


def feed_events() -> list[Event]:
    """What the calendar feed holds: upcoming events and those of the last 90 days,
    cancelled ones included (calendars then show them as cancelled)."""
    since = utcnow() - timedelta(days=FEED_DAYS_BACK)
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.ends_at >= since)
            .options(selectinload(Event.district))
            .order_by(Event.starts_at, Event.id)
            .limit(FEED_LIMIT)
        )
    )


def linkable_projects(keep: list[Project] | None = None) -> list[Project]:
    """Published projects that are still going on, plus those linked already."""
    projects = list(
        db.session.scalars(
            select(Project).where(Project.state.in_(LINKABLE_STATES)).order_by(Project.title)
        )
    )
    known = {p.id for p in projects}
    extra = [p for p in keep or [] if p.id not in known]
    return sorted(projects + extra, key=lambda p: p.title.lower())


def districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.name)))


def _events_in_district(district: District) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Event).where(Event.district_id == district.id)
        )
        or 0
    )


# Districts that events take place in cannot be deleted.
USAGE_COUNTERS["district"].append(_events_in_district)
