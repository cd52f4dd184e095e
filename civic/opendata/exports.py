"""What the open data downloads and feeds publish, and how a CSV file is written.

Only what the public pages show leaves the platform: published projects that moderation has not
hidden, the decisions in force of the citizen-projects fund (never applicants, reviews or
internal notes) and the events. GeoJSON is written with the helpers of
:mod:`civic.opendata.geo`. Downloads read the rows in keyset batches, so that a file of
any length is written in constant memory with a few queries per batch; feeds load what they show
with a fixed number of queries.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from flask_babel import to_user_timezone
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from civic.core.atom import MAX_ENTRIES, external_url, stamp
from civic.core.csvfile import csv_lines
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.events.models import Event
from civic.fund.models import Application, Fund
from civic.fund.queries import PUBLIC_DECISIONS
from civic.opendata import geo
from civic.projects import search
from civic.projects.models import Membership, Project
from civic.projects.queries import Filters, _filtered_projects
from civic.projects.workflow import MemberRole, ProjectState

BATCH_SIZE = 500
# What separates several districts or topics in one cell.
LIST_SEPARATOR = "; "


def batches(
    stmt: Select[Any],
    keys: Sequence[Any],
    key_of: Callable[[Any], tuple[Any, ...]],
    size: int | None = None,
) -> Iterator[Any]:
    """Every row of ``stmt`` in the ascending order of ``keys`` (the last one unique), read
    ``size`` rows (default ``BATCH_SIZE``) at a time: each batch starts after the last key of
    the one before, so no batch costs more than the first and nothing holds the whole table."""
    size = size or BATCH_SIZE
    after: tuple[Any, ...] | None = None
    while True:
        query = stmt
        if after is not None:
            query = query.where(
                or_(
                    *[
                        and_(*[keys[j] == after[j] for j in range(i)], keys[i] > after[i])
                        for i in range(len(keys))
                    ]
                )
            )
        rows = list(db.session.scalars(query.order_by(*keys).limit(size)))
        yield from rows
        if len(rows) < size:
            return
        after = key_of(rows[-1])


def _iso(moment: Any) -> str:
    return stamp(moment) if moment is not None else ""


# --- projects --------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    "id",
    "title",
    "summary",
    "phase",
    "state",
    "districts",
    "topics",
    "supporters_count",
    "team_size",
    "open_needs",
    "location_name",
    "latitude",
    "longitude",
    "created_at",
    "published_at",
    "updated_at",
    "url",
)


def public_projects(filters: Filters) -> Iterator[Project]:
    """The projects the list shows with these filters (a search narrows them too), by id, in
    batches, with their districts and topics."""
    stmt = _filtered_projects(
        select(Project).options(selectinload(Project.districts), selectinload(Project.topics)),
        filters,
    )
    if filters.q:
        stmt, _order = search.apply_search(stmt, filters.q)
    return batches(stmt, (Project.id,), lambda p: (p.id,))


def project_row(project: Project) -> list[object]:
    return [
        project.id,
        project.title,
        project.summary,
        project.phase.value,
        project.state.value,
        LIST_SEPARATOR.join(d.name for d in project.districts),
        LIST_SEPARATOR.join(t.name_de for t in project.topics),
        project.supporter_count,
        project.member_count,
        project.open_need_count,
        project.location_name,
        project.latitude,
        project.longitude,
        _iso(project.created_at),
        _iso(project.published_at),
        _iso(project.updated_at),
        external_url("projects.detail", project_id=project.id),
    ]


def projects_csv(filters: Filters) -> Iterator[str]:
    return csv_lines(PROJECT_COLUMNS, (project_row(p) for p in public_projects(filters)))


# --- decisions of the citizen-projects fund --------------------------------------------------

# What the public fund page (``civic.fund.views.public``) shows of a decision, nothing more.
FUND_DECISION_COLUMNS = (
    "year",
    "project_id",
    "project_title",
    "application_title",
    "status",
    "approved_cents",
    "decided_on",
    "reason",
    "project_url",
)


def fund_decisions(located_only: bool = False) -> Iterator[Application]:
    """The decisions in force of every year's fund, by year, in batches. ``located_only``: only
    decisions on projects with coordinates that moderation has not hidden (a map point would
    show where the hidden project is)."""
    stmt = (
        select(Application)
        .join(Fund, Application.fund_id == Fund.id)
        .join(Project, Application.project_id == Project.id)
        .where(Application.status.in_(PUBLIC_DECISIONS), Project.state != ProjectState.DRAFT)
        .options(contains_eager(Application.fund), contains_eager(Application.project))
    )
    if located_only:
        stmt = stmt.where(
            Project.latitude.is_not(None),
            Project.longitude.is_not(None),
            Project.hidden_at.is_(None),
        )
    return batches(stmt, (Fund.year, Application.id), lambda a: (a.fund.year, a.id))


def decided_on(application: Application) -> str:
    """The day of the decision in the city's time zone, as the fund page shows it."""
    decided = application.decided_at
    return to_user_timezone(decided).date().isoformat() if decided else ""


def fund_decision_row(application: Application) -> list[object]:
    project = application.project
    # The decision stays public (the fund's sums must add up); a project hidden by moderation
    # is not named, as on the fund page and in the API.
    shown = project.hidden_at is None
    return [
        application.fund.year,
        project.id if shown else None,
        project.title if shown else None,
        application.title,
        application.status.value,
        application.approved_cents,
        decided_on(application),
        application.decision_reason,
        external_url("projects.detail", project_id=project.id) if shown else None,
    ]


def fund_decisions_csv() -> Iterator[str]:
    return csv_lines(FUND_DECISION_COLUMNS, (fund_decision_row(a) for a in fund_decisions()))


def fund_decision_features() -> Iterator[dict[str, Any]]:
    """The decisions on projects that have a place, as GeoJSON Features at the project's
    place, with the columns of the CSV file as properties."""
    for application in fund_decisions(located_only=True):
        project = application.project
        lat, lon = project.latitude, project.longitude
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        row = fund_decision_row(application)
        yield geo.feature(lon, lat, dict(zip(FUND_DECISION_COLUMNS, row, strict=True)))


# --- feeds -----------------------------------------------------------------------------------


def district_by_slug(slug: str) -> District | None:
    if not slug or len(slug) > 120 or "\x00" in slug:
        return None
    return db.session.scalar(select(District).where(District.slug == slug))


def topic_by_slug(slug: str) -> Topic | None:
    if not slug or len(slug) > 120 or "\x00" in slug:
        return None
    return db.session.scalar(select(Topic).where(Topic.slug == slug))


def newest_projects(
    district: District | None = None, topic: Topic | None = None, limit: int = MAX_ENTRIES
) -> list[Project]:
    """The projects published last that the list shows (no drafts, nothing hidden), in a
    district or topic if given, with their districts, topics and team (two queries more)."""
    stmt = _filtered_projects(select(Project), Filters(district=district, topic=topic))
    return list(
        db.session.scalars(
            stmt.where(Project.published_at.is_not(None))
            .order_by(Project.published_at.desc(), Project.id.desc())
            .limit(limit)
            .options(
                selectinload(Project.districts),
                selectinload(Project.topics),
                selectinload(Project.memberships).selectinload(Membership.user),
            )
        )
    )


def initiators(project: Project) -> str:
    return ", ".join(
        m.user.display_name for m in project.memberships if m.role is MemberRole.INITIATOR
    )


def upcoming_events(limit: int = MAX_ENTRIES) -> list[Event]:
    """Events that have not ended, soonest first, as the event list shows them (cancelled ones
    too, marked there, so that nobody goes to a meeting that is off)."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.ends_at > utcnow())
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
            .options(
                selectinload(Event.district),
                selectinload(Event.organiser),
                selectinload(Event.projects),
            )
        )
    )


def districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.name)))


def topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.name_de)))
