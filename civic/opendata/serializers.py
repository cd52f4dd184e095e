"""The JSON objects of the API (:mod:`civic.opendata.api`), and the reads they need beyond the
rows of a page. Each read loads what a whole page shows with a fixed number of queries,
whatever the number of projects, mentors or decisions.

Nothing here names a person beyond the public display names the HTML pages show (mentors,
organisers, the actors of a timeline); no e-mail address, no supporter, no participant.
The shapes are described in :mod:`civic.opendata.openapi`; a test holds them together.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import to_user_timezone
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from civic.accounts.models import CouncilProfile, User, shown_name
from civic.core.models import District, Topic
from civic.db import db
from civic.events.models import Event
from civic.fund.models import Application, Fund
from civic.fund.queries import PUBLIC_DECISIONS
from civic.mentoring.models import Mentorship
from civic.mentoring.workflow import MentorshipStatus
from civic.projects import queries as project_queries
from civic.projects.models import (
    Need,
    Project,
    TimelineEntry,
    project_districts,
    project_topics,
)
from civic.projects.timeline import shown_value

# The newest entries of a project's timeline that its detail holds.
TIMELINE_ENTRIES = 50


def absolute_url(endpoint: str, **values: Any) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def timestamp(value: datetime | None) -> str | None:
    """ISO 8601 in UTC, to the second: ``2026-05-04T09:30:00Z``."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def local_date(value: datetime | None) -> str | None:
    """The day in the city's time zone, as the public pages show it: ``2026-05-04``."""
    if value is None:
        return None
    return to_user_timezone(value).date().isoformat()


def is_public(project: Project) -> bool:
    """Published and not hidden by moderation: what every visitor may see."""
    return project.is_published and project.hidden_at is None


# --- reads -------------------------------------------------------------------------------------


def public_project(project_id: int) -> Project | None:
    """A published project that moderation has not hidden, with its districts and topics."""
    return db.session.scalar(
        select(Project)
        .where(
            Project.id == project_id,
            Project.state.in_(project_queries.PUBLIC_STATES),
            Project.hidden_at.is_(None),
        )
        .options(selectinload(Project.districts), selectinload(Project.topics))
    )


def mentors_of(project_ids: list[int]) -> defaultdict[int, list[dict[str, Any]]]:
    """The council members who actively mentor each project, as the project page names them
    (display name and faction), in the order they began; one query for a whole page. A
    project without mentors has an empty list."""
    mentors: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    if not project_ids:
        return mentors
    rows = db.session.execute(
        select(Mentorship.project_id, User.display_name, User.deleted_at, CouncilProfile.faction)
        .join(User, User.id == Mentorship.mentor_id)
        .outerjoin(CouncilProfile, CouncilProfile.user_id == User.id)
        .where(
            Mentorship.project_id.in_(project_ids),
            Mentorship.status == MentorshipStatus.ACTIVE,
        )
        .order_by(Mentorship.project_id, Mentorship.started_at, Mentorship.id)
    )
    for project_id, name, deleted_at, faction in rows:
        mentors[project_id].append(
            {"name": shown_name(name, deleted_at), "faction": faction or None}
        )
    return mentors


def public_timeline(project: Project) -> list[TimelineEntry]:
    return project_queries.timeline(project, limit=TIMELINE_ENTRIES)


def open_needs(project: Project) -> list[Need]:
    return project_queries.project_needs(project, open_only=True)


def _listed_counts(table: Any, column: str) -> dict[int, int]:
    """How many projects the project list shows under each district (topic) by default:
    listed states, never drafts or projects hidden by moderation."""
    key = table.c[column]
    rows = db.session.execute(
        select(key, func.count())
        .join(Project, Project.id == table.c.project_id)
        .where(
            Project.state.in_(project_queries.LISTED_STATES),
            Project.hidden_at.is_(None),
        )
        .group_by(key)
    )
    return {area_id: count for area_id, count in rows}


def districts_with_counts() -> list[tuple[District, int]]:
    counts = _listed_counts(project_districts, "district_id")
    districts = db.session.scalars(select(District).order_by(District.name, District.id))
    return [(district, counts.get(district.id, 0)) for district in districts]


def topics_with_counts() -> list[tuple[Topic, int]]:
    counts = _listed_counts(project_topics, "topic_id")
    topics = db.session.scalars(select(Topic).order_by(Topic.name_de, Topic.id))
    return [(topic, counts.get(topic.id, 0)) for topic in topics]


def district_slugs() -> list[str]:
    return list(db.session.scalars(select(District.slug).order_by(District.slug)))


def topic_slugs() -> list[str]:
    return list(db.session.scalars(select(Topic.slug).order_by(Topic.slug)))


def event(event_id: int) -> Event | None:
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.district),
            selectinload(Event.projects),
            selectinload(Event.organiser),
        )
    )


# --- projects ----------------------------------------------------------------------------------


def district_ref(district: District) -> dict[str, Any]:
    return {"slug": district.slug, "name": district.name}


def topic_ref(topic: Topic) -> dict[str, Any]:
    return {"slug": topic.slug, "name_de": topic.name_de, "name_en": topic.name_en}


def _location(project: Project) -> dict[str, Any] | None:
    if not project.location_name and project.latitude is None:
        return None
    return {
        "name": project.location_name,
        "latitude": project.latitude,
        "longitude": project.longitude,
    }


def project_item(project: Project, mentors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": project.id,
        "title": project.title,
        "summary": project.summary,
        "phase": project.phase.value,
        "state": project.state.value,
        "districts": [district_ref(d) for d in project.districts],
        "topics": [topic_ref(t) for t in project.topics],
        "supporters_count": project.supporter_count,
        "team_size": project.member_count,
        "mentors": mentors,
        "location": _location(project),
        "created_at": timestamp(project.created_at),
        "updated_at": timestamp(project.updated_at),
        "url": absolute_url("projects.detail", project_id=project.id),
    }


def timeline_entry(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "created_at": timestamp(entry.created_at),
        "from": shown_value(entry, entry.from_value),
        "to": shown_value(entry, entry.to_value),
        "actor": entry.actor.display_name if entry.actor is not None else None,
        "reason": entry.reason,
    }


def need_item(need: Need) -> dict[str, Any]:
    return {"id": need.id, "kind": need.kind.value, "title": need.title}


def project_detail(
    project: Project,
    mentors: list[dict[str, Any]],
    timeline: list[TimelineEntry],
    needs: list[Need],
) -> dict[str, Any]:
    return {
        **project_item(project, mentors),
        "description_html": project.description_html,
        "needs": [need_item(n) for n in needs],
        "timeline": [timeline_entry(e) for e in timeline],
    }


# --- districts and topics ----------------------------------------------------------------------


def district_item(district: District, count: int) -> dict[str, Any]:
    return {**district_ref(district), "projects_count": count}


def topic_item(topic: Topic, count: int) -> dict[str, Any]:
    return {**topic_ref(topic), "projects_count": count}


# --- events ------------------------------------------------------------------------------------


def project_ref(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "title": project.title,
        "url": absolute_url("projects.detail", project_id=project.id),
    }


def event_item(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "starts_at": timestamp(event.starts_at),
        "ends_at": timestamp(event.ends_at),
        "venue": event.venue,
        "district": district_ref(event.district) if event.district is not None else None,
        "cancelled": event.is_cancelled,
        "cancel_reason": event.cancel_reason if event.is_cancelled else None,
        "capacity": event.capacity,
        "seats_left": None if event.is_cancelled else event.seats_left,
        "organiser": event.organiser.display_name,
        # Linked projects that every visitor may see; a hidden one is left out.
        "projects": [project_ref(p) for p in event.projects if is_public(p)],
        "url": absolute_url("events.detail", event_id=event.id),
    }


def event_detail(event: Event) -> dict[str, Any]:
    return {
        **event_item(event),
        "description_html": event.description_html,
        "accessibility": event.accessibility,
        "report_html": event.report_html,
    }


# --- the fund ----------------------------------------------------------------------------------


def fund_item(fund: Fund) -> dict[str, Any]:
    """The money and the call of a fund year, as its public page shows them."""
    return {
        "year": fund.year,
        "budget_cents": fund.budget_cents,
        "committed_cents": fund.committed_cents,
        "paid_cents": fund.paid_cents,
        "remaining_cents": fund.remaining_cents,
        "max_per_project_cents": fund.max_per_project_cents,
        "call_opens_on": _date(fund.call_opens_on),
        "call_closes_on": _date(fund.call_closes_on),
        "criteria": fund.criteria_list,
        "required_documents": fund.document_list,
        "url": absolute_url("fund.year", year=fund.year),
    }


def _date(value: date) -> str:
    return value.isoformat()


def decision_item(application: Application) -> dict[str, Any]:
    """A decision in force, with what the public fund page shows of it: the project (left out
    when moderation has hidden it), the application's title, the decision, the amount, the day
    and the reason. Never the applicants, the reviews or the requested amount."""
    project = application.project
    return {
        "project": project_ref(project) if is_public(project) else None,
        "application_title": application.title,
        "state": application.status.value,
        "approved_cents": application.approved_cents,
        "decided_on": local_date(application.decided_at),
        "reason": application.decision_reason,
    }


def public_decisions(fund: Fund) -> list[Application]:
    """Every decision in force of a fund, newest first, as the public page orders them."""
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.fund_id == fund.id, Application.status.in_(PUBLIC_DECISIONS))
            .options(joinedload(Application.project))
            .order_by(Application.decided_at.desc(), Application.id.desc())
        )
    )


def fund_detail(fund: Fund, decisions: list[Application]) -> dict[str, Any]:
    return {**fund_item(fund), "decisions": [decision_item(a) for a in decisions]}
