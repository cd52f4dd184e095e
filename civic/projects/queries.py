"""Reads of the projects domain. Every list loads what it shows with a fixed number of
queries, whatever the number of projects, members or supporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, literal_column, select, true
from sqlalchemy.orm import selectinload

from civic.accounts.models import Role, RoleGrant, User
from civic.core.models import District, Topic
from civic.core.pagination import KeysetPage, Page, keyset_paginate, paginate
from civic.core.taxonomy import USAGE_COUNTERS
from civic.db import db
from civic.projects import search
from civic.projects.models import (
    Invitation,
    JoinRequest,
    Membership,
    Milestone,
    Need,
    Offer,
    PhaseRequest,
    PlanVersion,
    Project,
    Support,
    TimelineEntry,
    project_districts,
    project_topics,
)
from civic.projects.workflow import NeedKind, NeedStatus, Phase, ProjectState, RequestStatus

# States listed unless a filter asks for another one.
LISTED_STATES = (ProjectState.ACTIVE, ProjectState.PAUSED, ProjectState.COMPLETED)
PUBLIC_STATES = (*LISTED_STATES, ProjectState.WITHDRAWN)
# The same states written out in the SQL, as in the condition of the list's partial indexes
# (``models.LISTED_CONDITION``): SQLite uses such an index only when it sees the condition.
_LISTED = Project.state.in_([literal_column(f"'{state.value}'") for state in LISTED_STATES])

SORTS = {
    "newest": (Project.published_at, Project.id),
    "supporters": (Project.supporter_count, Project.id),
    "active": (Project.last_activity_at, Project.id),
}


@dataclass
class Filters:
    """What the project list and the help-wanted board are narrowed to."""

    phase: Phase | None = None
    state: ProjectState | None = None
    district: District | None = None
    topic: Topic | None = None
    open_needs: bool = False
    kind: NeedKind | None = None
    sort: str = "newest"
    # Words to search for; when given, the list is ordered by relevance.
    q: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return any(
            [self.phase, self.state, self.district, self.topic, self.open_needs, self.kind, self.q]
        )


def _enum(cls: Any, raw: str | None) -> Any:
    try:
        return cls(raw) if raw else None
    except ValueError:
        return None


def filters_from_args(args: Any) -> Filters:
    """Read the filters from a query string; anything unknown is ignored, never an error."""
    # PostgreSQL refuses NUL characters in a query parameter; no slug contains one.
    district_slug = (args.get("district") or "")[:120].replace("\x00", "")
    topic_slug = (args.get("topic") or "")[:120].replace("\x00", "")
    state = _enum(ProjectState, args.get("state"))
    q = " ".join((args.get("q") or "")[: search.MAX_QUERY_LENGTH].replace("\x00", "").split())
    sort = args.get("sort") or ""
    if sort not in SORTS:
        # A search is ordered by relevance unless another order is asked for.
        sort = "relevance" if q else "newest"
    return Filters(
        phase=_enum(Phase, args.get("phase")),
        state=None if state is ProjectState.DRAFT else state,
        district=db.session.scalar(select(District).where(District.slug == district_slug))
        if district_slug
        else None,
        topic=db.session.scalar(select(Topic).where(Topic.slug == topic_slug))
        if topic_slug
        else None,
        open_needs=args.get("needs") == "1",
        kind=_enum(NeedKind, args.get("kind")),
        sort=sort,
        q=q,
    )


def _filtered_projects(stmt: Select[Any], filters: Filters) -> Select[Any]:
    # A project hidden by moderation is left out of every list.
    stmt = stmt.where(Project.hidden_at.is_(None))
    if filters.state is not None:
        stmt = stmt.where(Project.state == filters.state)
    else:
        stmt = stmt.where(_LISTED)
    if filters.phase is not None:
        stmt = stmt.where(Project.phase == filters.phase)
    if filters.district is not None:
        stmt = stmt.where(
            Project.id.in_(
                select(project_districts.c.project_id).where(
                    project_districts.c.district_id == filters.district.id
                )
            )
        )
    if filters.topic is not None:
        stmt = stmt.where(
            Project.id.in_(
                select(project_topics.c.project_id).where(
                    project_topics.c.topic_id == filters.topic.id
                )
            )
        )
    if filters.open_needs:
        stmt = stmt.where(Project.open_need_count > 0)
    return stmt


def project_list(
    filters: Filters, after: str | None, before: str | None, per_page: int = 20
) -> KeysetPage[Project]:
    stmt = _filtered_projects(
        select(Project).options(selectinload(Project.districts), selectinload(Project.topics)),
        filters,
    )
    keys = SORTS[filters.sort]
    return keyset_paginate(
        stmt,
        keys,
        key_of=lambda p: tuple(getattr(p, k.key) for k in keys),
        after=after,
        before=before,
        per_page=per_page,
    )


def search_results(filters: Filters, page: int, per_page: int = 20) -> Page[Project]:
    """Projects matching ``filters.q`` and the other filters, the most relevant first."""
    stmt, order = search.apply_search(
        _filtered_projects(
            select(Project).options(selectinload(Project.districts), selectinload(Project.topics)),
            filters,
        ),
        filters.q,
    )
    if filters.sort in SORTS:
        order = [key.desc() for key in SORTS[filters.sort]]
    return paginate(stmt.order_by(*order), page, per_page=per_page, capped=True)


def similar_projects(title: str, summary: str, exclude_id: int | None = None) -> list[Project]:
    """Listed projects that share words with a title and summary, the closest first: shown
    while someone writes a new idea, so that they can join instead of starting again."""
    stmt, order = search.apply_search(
        _filtered_projects(select(Project), Filters()), f"{title} {summary}", any_word=True
    )
    if exclude_id is not None:
        stmt = stmt.where(Project.id != exclude_id)
    return list(db.session.scalars(stmt.order_by(*order).limit(5)))


def need_board(
    filters: Filters, after: str | None, before: str | None, per_page: int = 20
) -> KeysetPage[Need]:
    """Open needs of active projects, newest first."""
    # A join, not "project in (…)": the databases then read the newest open needs in index
    # order and look up each one's project, instead of collecting every active project first.
    stmt = (
        _filtered_projects(select(Need).join(Project, Project.id == Need.project_id), filters)
        .where(Project.state == ProjectState.ACTIVE, Need.status == NeedStatus.OPEN)
        .options(
            selectinload(Need.project).selectinload(Project.districts),
        )
    )
    if filters.kind is not None:
        stmt = stmt.where(Need.kind == filters.kind)
    keys = (Need.created_at, Need.id)
    return keyset_paginate(
        stmt,
        keys,
        key_of=lambda n: (n.created_at, n.id),
        after=after,
        before=before,
        per_page=per_page,
    )


def featured_projects(limit: int = 3) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project)
            .where(
                Project.featured == true(),
                Project.state.in_(LISTED_STATES),
                Project.hidden_at.is_(None),
            )
            .order_by(Project.last_activity_at.desc(), Project.id.desc())
            .limit(limit)
            .options(selectinload(Project.districts))
        )
    )


def recently_active(limit: int = 6) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.state == ProjectState.ACTIVE, Project.hidden_at.is_(None))
            .order_by(Project.last_activity_at.desc(), Project.id.desc())
            .limit(limit)
            .options(selectinload(Project.districts))
        )
    )


def latest_needs(limit: int = 5) -> list[Need]:
    return list(
        db.session.scalars(
            select(Need)
            .join(Project, Need.project_id == Project.id)
            .where(
                Need.status == NeedStatus.OPEN,
                Project.state == ProjectState.ACTIVE,
                Project.hidden_at.is_(None),
            )
            .order_by(Need.created_at.desc(), Need.id.desc())
            .limit(limit)
            .options(selectinload(Need.project))
        )
    )


def district_names(project_ids: list[int]) -> dict[int, list[str]]:
    """The names of the districts of these projects, as their pages list them (one query; for
    downloads, which read projects as plain rows)."""
    names: dict[int, list[str]] = {}
    for project_id, name in db.session.execute(
        select(project_districts.c.project_id, District.name)
        .join(District, District.id == project_districts.c.district_id)
        .where(project_districts.c.project_id.in_(project_ids))
        .order_by(District.name)
    ):
        names.setdefault(project_id, []).append(name)
    return names


def topic_names(project_ids: list[int]) -> dict[int, list[str]]:
    """The German names of the topics of these projects, in the order of their pages."""
    names: dict[int, list[str]] = {}
    for project_id, name in db.session.execute(
        select(project_topics.c.project_id, Topic.name_de)
        .join(Topic, Topic.id == project_topics.c.topic_id)
        .where(project_topics.c.project_id.in_(project_ids))
        .order_by(Topic.name_de)
    ):
        names.setdefault(project_id, []).append(name)
    return names


def project_for_page(project_id: int) -> Project | None:
    """A project with what its page shows about it."""
    return db.session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(
            selectinload(Project.districts),
            selectinload(Project.topics),
            selectinload(Project.memberships).selectinload(Membership.user),
            selectinload(Project.department_contact),
        )
    )


def project_needs(project: Project, open_only: bool = False) -> list[Need]:
    stmt = select(Need).where(Need.project_id == project.id)
    if open_only:
        stmt = stmt.where(Need.status == NeedStatus.OPEN)
    return list(
        db.session.scalars(
            stmt.order_by(Need.status, Need.created_at.desc(), Need.id.desc()).limit(50)
        )
    )


def need_for_page(project: Project, need_id: int) -> Need | None:
    """A need of this project (None for another project's need) with its offers and their
    authors."""
    return db.session.scalar(
        select(Need)
        .where(Need.id == need_id, Need.project_id == project.id)
        .options(selectinload(Need.offers).selectinload(Offer.user))
    )


def pending_offers_count(project: Project) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Offer)
            .join(Need, Offer.need_id == Need.id)
            .where(Need.project_id == project.id, Offer.status == RequestStatus.PENDING)
        )
        or 0
    )


def timeline(project: Project, limit: int | None = 10) -> list[TimelineEntry]:
    stmt = (
        select(TimelineEntry)
        .where(TimelineEntry.project_id == project.id)
        .order_by(TimelineEntry.created_at.desc(), TimelineEntry.id.desc())
        .options(selectinload(TimelineEntry.actor))
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def timeline_page(project: Project, page: int) -> Page[TimelineEntry]:
    stmt = (
        select(TimelineEntry)
        .where(TimelineEntry.project_id == project.id)
        .order_by(TimelineEntry.created_at.desc(), TimelineEntry.id.desc())
        .options(selectinload(TimelineEntry.actor))
    )
    return paginate(stmt, page, per_page=30)


def milestones(project: Project) -> list[Milestone]:
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.project_id == project.id)
            .order_by(Milestone.position, Milestone.id)
        )
    )


def plan_versions(project: Project) -> list[PlanVersion]:
    """All versions, newest first (a plan has a few dozen at most)."""
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.project_id == project.id)
            .order_by(PlanVersion.number.desc())
            .options(selectinload(PlanVersion.created_by))
        )
    )


def plan_version(project: Project, number: int) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion).where(
            PlanVersion.project_id == project.id, PlanVersion.number == number
        )
    )


def pending_join_requests(project: Project) -> list[JoinRequest]:
    return list(
        db.session.scalars(
            select(JoinRequest)
            .where(
                JoinRequest.project_id == project.id,
                JoinRequest.status == RequestStatus.PENDING,
            )
            .order_by(JoinRequest.created_at)
            .options(selectinload(JoinRequest.user))
        )
    )


def pending_invitations(project: Project) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.project_id == project.id,
                Invitation.status == RequestStatus.PENDING,
            )
            .order_by(Invitation.created_at)
            .options(selectinload(Invitation.invited_by))
        )
    )


def phase_request_queue(page: int) -> Page[PhaseRequest]:
    stmt = (
        select(PhaseRequest)
        .where(PhaseRequest.status == RequestStatus.PENDING)
        .order_by(PhaseRequest.created_at, PhaseRequest.id)
        .options(
            selectinload(PhaseRequest.project),
            selectinload(PhaseRequest.requested_by),
        )
    )
    return paginate(stmt, page, per_page=25)


def coordination_projects(title: str, phase: Phase | None, page: int) -> Page[Project]:
    """Published projects for the coordination office, newest first, with their contact."""
    stmt = (
        select(Project)
        .where(Project.state != ProjectState.DRAFT)
        .order_by(Project.published_at.desc(), Project.id.desc())
        .options(selectinload(Project.department_contact).selectinload(User.role_grants))
    )
    if title:
        stmt = stmt.where(func.lower(Project.title).contains(title.lower(), autoescape=True))
    if phase is not None:
        stmt = stmt.where(Project.phase == phase)
    return paginate(stmt, page, per_page=25)


def department_contacts() -> list[User]:
    """Everyone who holds the department contact role, with their department."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role_grants.any(RoleGrant.role == Role.DEPARTMENT_CONTACT))
            .order_by(User.display_name, User.id)
            .options(selectinload(User.role_grants))
        )
    )


def my_projects(user: Any) -> list[Project]:
    """The projects a person is on the team of, drafts included."""
    return list(
        db.session.scalars(
            select(Project)
            .join(Membership, Membership.project_id == Project.id)
            .where(Membership.user_id == user.id, Project.deleted_at.is_(None))
            .order_by(Project.last_activity_at.desc(), Project.id.desc())
            .limit(100)
        )
    )


def supported_projects(user: Any) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project)
            .join(Support, Support.project_id == Project.id)
            .where(Support.user_id == user.id, Project.state != ProjectState.DRAFT)
            .order_by(Support.created_at.desc())
            .limit(100)
        )
    )


def _projects_in(table: Any, column: str) -> Any:
    def count(term: Any) -> int:
        return (
            db.session.scalar(
                select(func.count()).select_from(table).where(table.c[column] == term.id)
            )
            or 0
        )

    return count


# Districts and topics that projects are filed under cannot be deleted.
USAGE_COUNTERS["district"].append(_projects_in(project_districts, "district_id"))
USAGE_COUNTERS["topic"].append(_projects_in(project_topics, "topic_id"))
