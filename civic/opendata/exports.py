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
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from flask_babel import get_timezone
from sqlalchemy import Row, Select, and_, or_, select
from sqlalchemy.orm import selectinload

from civic.core.atom import MAX_ENTRIES, external_urls, stamp
from civic.core.csvfile import csv_lines
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.events.models import Event
from civic.fund.models import Application, Fund
from civic.fund.queries import PUBLIC_DECISIONS
from civic.opendata import geo
from civic.projects import search
from civic.projects.models import Membership, Project
from civic.projects.queries import Filters, _filtered_projects, district_names, topic_names
from civic.projects.workflow import MemberRole, ProjectState

BATCH_SIZE = 500
# What separates several districts or topics in one cell.
LIST_SEPARATOR = "; "


def batches(
    stmt: Select[Any],
    keys: Sequence[Any],
    key_of: Callable[[Any], tuple[Any, ...]],
    size: int | None = None,
) -> Iterator[list[Row[Any]]]:
    """The rows of ``stmt`` (a select of columns) in the ascending order of ``keys`` (the last
    one unique), as lists of ``size`` rows (default ``BATCH_SIZE``): each batch starts after
    the last key of the one before, so no batch costs more than the first and nothing holds
    the whole table."""
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
        rows = list(db.session.execute(query.order_by(*keys).limit(size)))
        if rows:
            yield rows
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


# What a download reads of a project: plain rows, not ORM objects, so that a file of every
# project is written quickly as well as in constant memory.
PROJECT_FIELDS = (
    Project.id,
    Project.title,
    Project.summary,
    Project.phase,
    Project.state,
    Project.supporter_count,
    Project.member_count,
    Project.open_need_count,
    Project.location_name,
    Project.latitude,
    Project.longitude,
    Project.created_at,
    Project.published_at,
    Project.updated_at,
)


@dataclass(frozen=True)
class PublicProject:
    """A project of a download: its row (``PROJECT_FIELDS``) and the names of its districts
    and topics."""

    row: Row[Any]
    districts: list[str]
    topics: list[str]


def public_projects(filters: Filters) -> Iterator[PublicProject]:
    """The projects the list shows with these filters (a search narrows them too), by id, in
    batches, with their districts and topics (three queries per batch)."""
    stmt = _filtered_projects(select(*PROJECT_FIELDS), filters)
    if filters.q:
        stmt, _order = search.apply_search(stmt, filters.q)
    for rows in batches(stmt, (Project.id,), lambda r: (r.id,)):
        ids = [row.id for row in rows]
        districts, topics = district_names(ids), topic_names(ids)
        for row in rows:
            yield PublicProject(row, districts.get(row.id, []), topics.get(row.id, []))


def project_row(project: PublicProject, url: Callable[[int], str]) -> list[object]:
    row = project.row
    return [
        row.id,
        row.title,
        row.summary,
        row.phase.value,
        row.state.value,
        LIST_SEPARATOR.join(project.districts),
        LIST_SEPARATOR.join(project.topics),
        row.supporter_count,
        row.member_count,
        row.open_need_count,
        row.location_name,
        row.latitude,
        row.longitude,
        _iso(row.created_at),
        _iso(row.published_at),
        _iso(row.updated_at),
        url(row.id),
    ]


def projects_csv(filters: Filters) -> Iterator[str]:
    url = external_urls("projects.detail", "project_id")
    return csv_lines(PROJECT_COLUMNS, (project_row(p, url) for p in public_projects(filters)))


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


# What a download reads of a decision, as plain rows (see ``PROJECT_FIELDS``).
DECISION_FIELDS = (
    Fund.year,
    Application.id,
    Application.project_id,
    Project.title.label("project_title"),
    Project.hidden_at,
    Project.latitude,
    Project.longitude,
    Application.title,
    Application.status,
    Application.approved_cents,
    Application.decided_at,
    Application.decision_reason,
)


def fund_decisions(located_only: bool = False) -> Iterator[Row[Any]]:
    """The decisions in force of every year's fund (``DECISION_FIELDS``), by year, in batches.
    ``located_only``: only decisions on projects with coordinates that moderation has not
    hidden (a map point would show where the hidden project is)."""
    stmt = (
        select(*DECISION_FIELDS)
        .select_from(Application)
        .join(Fund, Application.fund_id == Fund.id)
        .join(Project, Application.project_id == Project.id)
        .where(Application.status.in_(PUBLIC_DECISIONS), Project.state != ProjectState.DRAFT)
    )
    if located_only:
        stmt = stmt.where(
            Project.latitude.is_not(None),
            Project.longitude.is_not(None),
            Project.hidden_at.is_(None),
        )
    # Year by year, and within a year by id: each batch is then read along the primary key.
    for year in list(db.session.scalars(select(Fund.year).order_by(Fund.year))):
        for rows in batches(stmt.where(Fund.year == year), (Application.id,), lambda r: (r.id,)):
            yield from rows


def decided_on(decided_at: datetime | None, zone: tzinfo) -> str:
    """The day of a decision in the city's time zone (``zone``), as the fund page shows it."""
    return decided_at.astimezone(zone).date().isoformat() if decided_at else ""


def fund_decision_row(decision: Row[Any], url: Callable[[int], str], zone: tzinfo) -> list[object]:
    # The decision stays public (the fund's sums must add up); a project hidden by moderation
    # is not named, as on the fund page and in the API.
    shown = decision.hidden_at is None
    return [
        decision.year,
        decision.project_id if shown else None,
        decision.project_title if shown else None,
        decision.title,
        decision.status.value,
        decision.approved_cents,
        decided_on(decision.decided_at, zone),
        decision.decision_reason,
        url(decision.project_id) if shown else None,
    ]


def _zone() -> tzinfo:
    zone = get_timezone()
    assert zone is not None
    return zone


def fund_decisions_csv() -> Iterator[str]:
    url, zone = external_urls("projects.detail", "project_id"), _zone()
    return csv_lines(
        FUND_DECISION_COLUMNS, (fund_decision_row(d, url, zone) for d in fund_decisions())
    )


def fund_decision_features() -> Iterator[dict[str, Any]]:
    """The decisions on projects that have a place, as GeoJSON Features at the project's
    place, with the columns of the CSV file as properties."""
    url, zone = external_urls("projects.detail", "project_id"), _zone()
    for decision in fund_decisions(located_only=True):
        lat, lon = decision.latitude, decision.longitude
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        row = fund_decision_row(decision, url, zone)
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
