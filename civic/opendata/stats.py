"""The figures of the public statistics page and of ``/api/v1/statistics``.

Only public projects count: active, paused, completed and withdrawn, never drafts and never a
project hidden by moderation. Every figure is a grouped count, so the page needs the same
few queries whatever the number of projects, and no figure names a person.

How a project's way is counted: phases only ever move forward (initiation → development →
implementation) and a project is completed from implementation only, so a project *reached*
development when its phase is development or implementation now, whatever its state, and
reached implementation when its phase is implementation. The year of a project is the year it
was published, in the city's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_timezone
from sqlalchemy import ColumnElement, case, distinct, func, literal, select, union
from sqlalchemy.sql import Select

from civic.core import cache
from civic.core.models import District, Topic
from civic.db import db
from civic.fund import queries as fund_queries
from civic.mentoring.models import Mentorship
from civic.mentoring.workflow import MentorshipStatus
from civic.projects.models import Membership, Project, Support, project_districts, project_topics
from civic.projects.queries import PUBLIC_STATES
from civic.projects.workflow import Phase, ProjectState

# Where a public project stands now: an open (active or paused) project by its phase, or how it
# ended. Every public project is in exactly one stage.
STAGES = ("initiation", "development", "implementation", "completed", "withdrawn")
PHASES = tuple(phase.value for phase in Phase)
STATES = tuple(state.value for state in PUBLIC_STATES)


def stage_of(phase: Phase | str, state: ProjectState | str) -> str:
    state = ProjectState(state)
    if state in (ProjectState.COMPLETED, ProjectState.WITHDRAWN):
        return state.value
    return Phase(phase).value


def _zeros(keys: Iterable[str]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


@dataclass
class YearRow:
    """The projects published in one year and how far they have come since."""

    year: int
    published: int = 0
    reached_development: int = 0
    reached_implementation: int = 0
    completed: int = 0

    def add(self, phase: Phase, state: ProjectState, count: int) -> None:
        self.published += count
        if phase in (Phase.DEVELOPMENT, Phase.IMPLEMENTATION):
            self.reached_development += count
        if phase is Phase.IMPLEMENTATION:
            self.reached_implementation += count
        if state is ProjectState.COMPLETED:
            self.completed += count


@dataclass
class AreaRow:
    """A district or topic with its public projects, by stage."""

    slug: str
    name: str
    name_en: str | None = None
    by_stage: dict[str, int] = field(default_factory=lambda: _zeros(STAGES))

    @property
    def count(self) -> int:
        return sum(self.by_stage.values())

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


@dataclass(frozen=True)
class People:
    supports: int
    supporters: int
    team_memberships: int
    team_members: int
    people: int


@dataclass(frozen=True)
class Mentorships:
    active: int
    ended: int
    projects_with_mentor: int
    active_mentors: int


@dataclass(frozen=True)
class FundRow:
    year: int
    budget_cents: int
    committed_cents: int
    paid_cents: int
    remaining_cents: int


@dataclass
class Statistics:
    total: int = 0
    by_phase: dict[str, int] = field(default_factory=lambda: _zeros(PHASES))
    by_state: dict[str, int] = field(default_factory=lambda: _zeros(STATES))
    by_stage: dict[str, int] = field(default_factory=lambda: _zeros(STAGES))
    per_year: list[YearRow] = field(default_factory=list)
    districts: list[AreaRow] = field(default_factory=list)
    # Public projects filed under no district (topic), by stage.
    without_district: dict[str, int] = field(default_factory=lambda: _zeros(STAGES))
    topics: list[AreaRow] = field(default_factory=list)
    without_topic: dict[str, int] = field(default_factory=lambda: _zeros(STAGES))
    people: People = People(0, 0, 0, 0, 0)
    mentorships: Mentorships = Mentorships(0, 0, 0, 0)
    funds: list[FundRow] = field(default_factory=list)


def _public(stmt: Select[Any]) -> Select[Any]:
    return stmt.where(Project.state.in_(PUBLIC_STATES), Project.hidden_at.is_(None))


def _local_new_year(year: int) -> datetime:
    """The first moment of ``year`` in the city's time zone. (Flask-Babel's zone is a pytz one,
    which gives a wrong offset when passed as ``tzinfo``; zoneinfo's does not.)"""
    return datetime(year, 1, 1, tzinfo=ZoneInfo(str(get_timezone())))


def _year_column(first: int, last: int) -> ColumnElement[Any]:
    """The local year of publication as an SQL expression: comparisons with the local new
    years in between, so it is the same on every database and exact around midnight."""
    whens = [
        (Project.published_at < _local_new_year(year + 1), year) for year in range(first, last)
    ]
    return case(*whens, else_=last) if whens else literal(last)


def _projects(stats: Statistics) -> None:
    """Totals by phase, state and stage, and the funnel per year of publication."""
    earliest, latest = db.session.execute(
        _public(select(func.min(Project.published_at), func.max(Project.published_at)))
    ).one()
    if earliest is None:
        return
    tz = get_timezone()
    first, last = earliest.astimezone(tz).year, latest.astimezone(tz).year
    # Grouped outside a subquery: the year's bound parameters then appear once.
    projects = _public(
        select(_year_column(first, last).label("year"), Project.phase, Project.state)
    ).subquery()
    rows = db.session.execute(
        select(projects.c.year, projects.c.phase, projects.c.state, func.count()).group_by(
            projects.c.year, projects.c.phase, projects.c.state
        )
    ).all()
    years = {y: YearRow(y) for y in range(first, last + 1)}
    for row_year, phase, state, count in rows:
        stats.total += count
        stats.by_phase[phase.value] += count
        stats.by_state[state.value] += count
        stats.by_stage[stage_of(phase, state)] += count
        years[int(row_year)].add(phase, state, count)
    stats.per_year = list(years.values())


def _areas(table: Any, column: str, model: type[Any]) -> tuple[list[AreaRow], dict[str, int]]:
    """Every district (or topic) with its public projects by stage, most projects first, and
    the number of public projects filed under none."""
    key = table.c[column]
    counts = db.session.execute(
        _public(
            select(key, Project.phase, Project.state, func.count())
            .select_from(Project)
            .outerjoin(table, table.c.project_id == Project.id)
        ).group_by(key, Project.phase, Project.state)
    ).all()
    rows: dict[int | None, dict[str, int]] = defaultdict(lambda: _zeros(STAGES))
    for area_id, phase, state, count in counts:
        rows[area_id][stage_of(phase, state)] += count
    areas = []
    for area in db.session.scalars(select(model)):
        names = (area.name_de, area.name_en) if isinstance(area, Topic) else (area.name, None)
        areas.append(AreaRow(area.slug, *names, by_stage=rows.get(area.id, _zeros(STAGES))))
    areas.sort(key=lambda area: (-area.count, area.name.casefold()))
    return areas, rows.get(None, _zeros(STAGES))


def _people() -> People:
    """Supports and team memberships on public projects, and how many people they are."""
    public_ids = _public(select(Project.id)).scalar_subquery()
    supports = select(Support.user_id).where(Support.project_id.in_(public_ids))
    members = select(Membership.user_id).where(Membership.project_id.in_(public_ids))
    everyone = union(supports, members).subquery()
    row = db.session.execute(
        select(
            select(func.count()).select_from(supports.subquery()).scalar_subquery(),
            select(func.count(distinct(Support.user_id)))
            .where(Support.project_id.in_(public_ids))
            .scalar_subquery(),
            select(func.count()).select_from(members.subquery()).scalar_subquery(),
            select(func.count(distinct(Membership.user_id)))
            .where(Membership.project_id.in_(public_ids))
            .scalar_subquery(),
            select(func.count()).select_from(everyone).scalar_subquery(),
        )
    ).one()
    return People(*(int(value or 0) for value in row))


def _mentorships() -> Mentorships:
    rows = db.session.execute(
        _public(
            select(
                Mentorship.status,
                func.count(),
                func.count(distinct(Mentorship.project_id)),
                func.count(distinct(Mentorship.mentor_id)),
            ).join(Project, Project.id == Mentorship.project_id)
        )
        .where(Mentorship.status.in_((MentorshipStatus.ACTIVE, MentorshipStatus.ENDED)))
        .group_by(Mentorship.status)
    ).all()
    by_status = {status: (count, projects, mentors) for status, count, projects, mentors in rows}
    active = by_status.get(MentorshipStatus.ACTIVE, (0, 0, 0))
    ended = by_status.get(MentorshipStatus.ENDED, (0, 0, 0))
    return Mentorships(
        active=active[0], ended=ended[0], projects_with_mentor=active[1], active_mentors=active[2]
    )


def _funds() -> list[FundRow]:
    """Each fund year with the same money as its public fund page shows, oldest first."""
    return [
        FundRow(
            year=fund.year,
            budget_cents=fund.budget_cents,
            committed_cents=fund.committed_cents,
            paid_cents=fund.paid_cents,
            remaining_cents=fund.remaining_cents,
        )
        for fund in sorted(fund_queries.funds(), key=lambda fund: fund.year)
    ]


def statistics() -> Statistics:
    """Every figure of the statistics page, in a fixed number of queries."""
    stats = Statistics()
    _projects(stats)
    stats.districts, stats.without_district = _areas(project_districts, "district_id", District)
    stats.topics, stats.without_topic = _areas(project_topics, "topic_id", Topic)
    stats.people = _people()
    stats.mentorships = _mentorships()
    stats.funds = _funds()
    return stats


CACHE_KEY = "opendata.statistics"


def _from_stored(value: dict[str, Any]) -> Statistics:
    """A ``Statistics`` again from what ``asdict`` made of it."""
    return Statistics(
        total=value["total"],
        by_phase=value["by_phase"],
        by_state=value["by_state"],
        by_stage=value["by_stage"],
        per_year=[YearRow(**row) for row in value["per_year"]],
        districts=[AreaRow(**row) for row in value["districts"]],
        without_district=value["without_district"],
        topics=[AreaRow(**row) for row in value["topics"]],
        without_topic=value["without_topic"],
        people=People(**value["people"]),
        mentorships=Mentorships(**value["mentorships"]),
        funds=[FundRow(**row) for row in value["funds"]],
    )


def current_statistics() -> tuple[Statistics, datetime]:
    """The figures and when they were counted: at most ``STATISTICS_MAX_AGE`` seconds ago (they
    are kept in the cache; ``flask civic refresh-cache`` counts them ahead)."""
    value, counted_at = cache.cached(
        CACHE_KEY, current_app.config["STATISTICS_MAX_AGE"], lambda: asdict(statistics())
    )
    return _from_stored(value), counted_at


def refresh() -> tuple[Statistics, bool]:
    """Count every figure now and keep them in the cache; and whether keeping them worked."""
    stats = statistics()
    return stats, cache.store(CACHE_KEY, asdict(stats))


def _area_document(area: AreaRow, with_english: bool) -> dict[str, Any]:
    document: dict[str, Any] = {"slug": area.slug, "name": area.name}
    if with_english:
        document["name_en"] = area.name_en
    document["count"] = area.count
    document["by_stage"] = dict(area.by_stage)
    return document


def statistics_document(stats: Statistics | None = None) -> dict[str, Any]:
    """The same figures, ready for JSON: stable English keys, plain integers, money in cents,
    nothing about any person.

    ``projects.by_stage`` counts every public project once: open (active or paused) projects
    by their phase, and completed and withdrawn projects on their own. Districts and topics
    sum to more than the total when a project is filed under several."""
    stats = stats or statistics()
    return {
        "projects": {
            "total": stats.total,
            "by_phase": dict(stats.by_phase),
            "by_state": dict(stats.by_state),
            "by_stage": dict(stats.by_stage),
            "per_year": [
                {
                    "year": row.year,
                    "published": row.published,
                    "reached_development": row.reached_development,
                    "reached_implementation": row.reached_implementation,
                    "completed": row.completed,
                }
                for row in stats.per_year
            ],
            "by_district": [_area_document(area, False) for area in stats.districts],
            "without_district": sum(stats.without_district.values()),
            "by_topic": [_area_document(area, True) for area in stats.topics],
            "without_topic": sum(stats.without_topic.values()),
        },
        "people": {
            "supports": stats.people.supports,
            "supporters": stats.people.supporters,
            "team_memberships": stats.people.team_memberships,
            "team_members": stats.people.team_members,
            "people": stats.people.people,
        },
        "mentorships": {
            "active": stats.mentorships.active,
            "ended": stats.mentorships.ended,
            "projects_with_active_mentor": stats.mentorships.projects_with_mentor,
            "active_mentors": stats.mentorships.active_mentors,
        },
        "funds": [
            {
                "year": row.year,
                "budget_cents": row.budget_cents,
                "committed_cents": row.committed_cents,
                "paid_cents": row.paid_cents,
                "remaining_cents": row.remaining_cents,
            }
            for row in stats.funds
        ],
    }
