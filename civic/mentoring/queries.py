"""Reads for mentoring pages: the public list of mentors, a project's mentorships, the
workspace lists and the mentor dashboard. Each page loads what it shows with a fixed number
of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from civic.accounts.models import (
    CouncilProfile,
    Role,
    RoleGrant,
    User,
    council_profile_districts,
    council_profile_topics,
)
from civic.core.models import District, Topic
from civic.core.pagination import Page, paginate
from civic.db import db
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
    WorkspaceMessage,
)
from civic.mentoring.permissions import is_mentor
from civic.mentoring.workflow import (
    HurdleStatus,
    MediationStatus,
    MentorshipStatus,
    Origin,
    QuestionStatus,
)
from civic.projects.models import Membership, Project, project_districts
from civic.projects.workflow import ProjectState

OPEN_STATES = (ProjectState.ACTIVE, ProjectState.PAUSED)


# --- the public list of mentors ---------------------------------------------------------------


@dataclass
class MentorFilters:
    district: District | None = None
    topic: Topic | None = None
    expertise: str = ""
    free_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.district or self.topic or self.expertise or self.free_only)


def mentor_filters_from_args(args: Any) -> MentorFilters:
    """Read the filters from a query string; anything unknown is ignored, never an error."""
    district_slug = (args.get("district") or "")[:120].replace("\x00", "")
    topic_slug = (args.get("topic") or "")[:120].replace("\x00", "")
    return MentorFilters(
        district=db.session.scalar(select(District).where(District.slug == district_slug))
        if district_slug
        else None,
        topic=db.session.scalar(select(Topic).where(Topic.slug == topic_slug))
        if topic_slug
        else None,
        expertise=" ".join((args.get("expertise") or "").replace("\x00", "").split())[:100],
        free_only=args.get("free") == "1",
    )


def _council_members() -> Select[Any]:
    return (
        select(User)
        .join(CouncilProfile, CouncilProfile.user_id == User.id)
        .where(
            User.is_active.is_(True),
            exists().where(RoleGrant.user_id == User.id, RoleGrant.role == Role.COUNCIL_MEMBER),
        )
        .options(joinedload(User.council_profile))
    )


def mentor_list(filters: MentorFilters, page: int) -> Page[User]:
    """Council members who take on projects, with their profile, districts and topics."""
    stmt = _council_members().where(CouncilProfile.mentoring_open.is_(True))
    if filters.district is not None:
        stmt = stmt.where(
            exists().where(
                council_profile_districts.c.profile_id == User.id,
                council_profile_districts.c.district_id == filters.district.id,
            )
        )
    if filters.topic is not None:
        stmt = stmt.where(
            exists().where(
                council_profile_topics.c.profile_id == User.id,
                council_profile_topics.c.topic_id == filters.topic.id,
            )
        )
    if filters.expertise:
        needle = "%" + filters.expertise.lower().replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(
            or_(
                func.lower(CouncilProfile.expertise).like(needle),
                func.lower(CouncilProfile.committees).like(needle),
            )
        )
    if filters.free_only:
        stmt = stmt.where(CouncilProfile.mentee_count < CouncilProfile.mentor_capacity)
    stmt = stmt.order_by(User.display_name, User.id)
    return paginate(stmt, page, per_page=20)


def council_member(user_id: int) -> User | None:
    """A council member with a profile, for their mentor page; None for anyone else."""
    return db.session.scalar(_council_members().where(User.id == user_id))


def mentored_projects(mentor: User) -> list[Mentorship]:
    """The published projects a council member mentors now (public)."""
    return list(
        db.session.scalars(
            select(Mentorship)
            .join(Project, Project.id == Mentorship.project_id)
            .where(
                Mentorship.mentor_id == mentor.id,
                Mentorship.status == MentorshipStatus.ACTIVE,
            )
            .options(joinedload(Mentorship.project))
            .order_by(Mentorship.started_at.desc())
        )
    )


def projects_to_ask_for(user: Any, mentor: User) -> list[Project]:
    """The user's published, open projects that this council member could be asked to
    mentor (not mentored by them, no open request between them, not on the team)."""
    if not getattr(user, "is_authenticated", False):
        return []
    taken = select(Mentorship.project_id).where(
        Mentorship.mentor_id == mentor.id,
        Mentorship.status.in_([MentorshipStatus.PENDING, MentorshipStatus.ACTIVE]),
    )
    on_team = select(Membership.project_id).where(Membership.user_id == mentor.id)
    return list(
        db.session.scalars(
            select(Project)
            .join(Membership, Membership.project_id == Project.id)
            .where(
                Membership.user_id == user.id,
                Project.state.in_(OPEN_STATES),
                Project.id.not_in(taken),
                Project.id.not_in(on_team),
            )
            .order_by(Project.title)
        )
    )


# --- a project's mentorships ------------------------------------------------------------------


def project_mentorships(project: Project) -> dict[str, list[Mentorship]]:
    """Pending requests and offers, and the history, for the project's mentoring page."""
    rows = db.session.scalars(
        select(Mentorship)
        .where(Mentorship.project_id == project.id)
        .options(
            joinedload(Mentorship.mentor).joinedload(User.council_profile),
            joinedload(Mentorship.asked_by),
        )
        .order_by(Mentorship.created_at.desc(), Mentorship.id.desc())
        .limit(100)
    ).all()
    return {
        "active": [m for m in rows if m.status is MentorshipStatus.ACTIVE],
        "pending": [m for m in rows if m.status is MentorshipStatus.PENDING],
        "past": [
            m for m in rows if m.status not in (MentorshipStatus.ACTIVE, MentorshipStatus.PENDING)
        ],
    }


def mentors_for_page(project: Project) -> list[Mentorship]:
    """The active mentorships with the mentors' names and factions, for the project page."""
    return list(
        db.session.scalars(
            select(Mentorship)
            .where(
                Mentorship.project_id == project.id,
                Mentorship.status == MentorshipStatus.ACTIVE,
            )
            .options(joinedload(Mentorship.mentor).joinedload(User.council_profile))
            .order_by(Mentorship.started_at)
        )
    )


def mentorship(mentorship_id: int) -> Mentorship | None:
    return db.session.scalar(
        select(Mentorship)
        .where(Mentorship.id == mentorship_id)
        .options(
            joinedload(Mentorship.project).selectinload(Project.memberships),
            joinedload(Mentorship.mentor),
        )
    )


def public_questions(project: Project) -> list[PoliticalQuestion]:
    return list(
        db.session.scalars(
            select(PoliticalQuestion)
            .where(PoliticalQuestion.project_id == project.id, PoliticalQuestion.is_public)
            .order_by(PoliticalQuestion.answered_on.desc(), PoliticalQuestion.id.desc())
        )
    )


# --- the workspace ----------------------------------------------------------------------------


def messages(project: Project, page: int) -> Page[WorkspaceMessage]:
    """The project's workspace thread, newest first."""
    stmt = (
        select(WorkspaceMessage)
        .where(WorkspaceMessage.project_id == project.id, WorkspaceMessage.mediation_id.is_(None))
        .options(joinedload(WorkspaceMessage.author))
        .order_by(WorkspaceMessage.id.desc())
    )
    return paginate(stmt, page, per_page=20)


def introductions(project: Project, page: int) -> Page[Introduction]:
    stmt = (
        select(Introduction)
        .where(Introduction.project_id == project.id)
        .options(joinedload(Introduction.created_by))
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    )
    return paginate(stmt, page, per_page=20)


def introduction(project: Project, introduction_id: int) -> Introduction | None:
    return db.session.scalar(
        select(Introduction).where(
            Introduction.id == introduction_id, Introduction.project_id == project.id
        )
    )


def hurdles(project: Project, page: int) -> Page[Hurdle]:
    """Open hurdles first, then those in progress, then the solved ones."""
    order = {HurdleStatus.OPEN: 0, HurdleStatus.IN_PROGRESS: 1, HurdleStatus.SOLVED: 2}
    stmt = (
        select(Hurdle)
        .where(Hurdle.project_id == project.id)
        .options(joinedload(Hurdle.assignee), joinedload(Hurdle.created_by))
        .order_by(case(order, value=Hurdle.status), Hurdle.updated_at.desc(), Hurdle.id.desc())
    )
    return paginate(stmt, page, per_page=20)


def hurdle(project: Project, hurdle_id: int) -> Hurdle | None:
    return db.session.scalar(
        select(Hurdle)
        .where(Hurdle.id == hurdle_id, Hurdle.project_id == project.id)
        .options(joinedload(Hurdle.assignee))
    )


def questions(project: Project, page: int) -> Page[PoliticalQuestion]:
    stmt = (
        select(PoliticalQuestion)
        .where(PoliticalQuestion.project_id == project.id)
        .options(joinedload(PoliticalQuestion.created_by))
        .order_by(PoliticalQuestion.updated_at.desc(), PoliticalQuestion.id.desc())
    )
    return paginate(stmt, page, per_page=20)


def question(project: Project, question_id: int) -> PoliticalQuestion | None:
    return db.session.scalar(
        select(PoliticalQuestion).where(
            PoliticalQuestion.id == question_id, PoliticalQuestion.project_id == project.id
        )
    )


def mediation_requests(user: Any, project: Project, page: int) -> Page[MediationRequest]:
    """Mentors see every mediation request of the project; a team member only their own."""
    stmt = (
        select(MediationRequest)
        .where(MediationRequest.project_id == project.id)
        .options(joinedload(MediationRequest.requester))
        .order_by(MediationRequest.created_at.desc(), MediationRequest.id.desc())
    )
    if not is_mentor(user, project):
        stmt = stmt.where(MediationRequest.requester_id == user.id)
    return paginate(stmt, page, per_page=20)


def mediation_request(project: Project, mediation_id: int) -> MediationRequest | None:
    return db.session.scalar(
        select(MediationRequest)
        .where(MediationRequest.id == mediation_id, MediationRequest.project_id == project.id)
        .options(joinedload(MediationRequest.requester))
    )


def mediation_messages(request: MediationRequest) -> list[WorkspaceMessage]:
    return list(
        db.session.scalars(
            select(WorkspaceMessage)
            .where(WorkspaceMessage.mediation_id == request.id)
            .options(joinedload(WorkspaceMessage.author))
            .order_by(WorkspaceMessage.id)
            .limit(500)
        )
    )


def open_counts(project_ids: list[int], mentor: User | None = None) -> dict[int, dict[str, int]]:
    """Per project: open hurdles, unanswered questions and open mediation requests (the
    latter only where ``mentor`` mentors the project, for the dashboard), in three queries."""
    counts: dict[int, dict[str, int]] = {
        pid: {"hurdles": 0, "questions": 0, "mediation": 0} for pid in project_ids
    }
    if not project_ids:
        return counts
    for key, model, condition in (
        ("hurdles", Hurdle, Hurdle.status != HurdleStatus.SOLVED),
        ("questions", PoliticalQuestion, PoliticalQuestion.status != QuestionStatus.ANSWERED),
        ("mediation", MediationRequest, MediationRequest.status == MediationStatus.OPEN),
    ):
        rows = db.session.execute(
            select(model.project_id, func.count())
            .where(model.project_id.in_(project_ids), condition)
            .group_by(model.project_id)
        )
        for project_id, number in rows:
            counts[project_id][key] = number
    return counts


# --- the mentor dashboard ---------------------------------------------------------------------


def my_mentorships(mentor: User) -> list[Mentorship]:
    return list(
        db.session.scalars(
            select(Mentorship)
            .where(Mentorship.mentor_id == mentor.id, Mentorship.status == MentorshipStatus.ACTIVE)
            .options(joinedload(Mentorship.project))
            .order_by(Mentorship.started_at.desc())
        )
    )


def waiting_for(mentor: User) -> list[Mentorship]:
    """Requests of teams that wait for this council member's answer."""
    return list(
        db.session.scalars(
            select(Mentorship)
            .where(
                Mentorship.mentor_id == mentor.id,
                Mentorship.status == MentorshipStatus.PENDING,
                Mentorship.origin == Origin.TEAM,
            )
            .options(joinedload(Mentorship.project), joinedload(Mentorship.asked_by))
            .order_by(Mentorship.created_at)
        )
    )


def my_offers(mentor: User) -> list[Mentorship]:
    """This council member's offers that wait for the team's answer."""
    return list(
        db.session.scalars(
            select(Mentorship)
            .where(
                Mentorship.mentor_id == mentor.id,
                Mentorship.status == MentorshipStatus.PENDING,
                Mentorship.origin == Origin.MENTOR,
            )
            .options(joinedload(Mentorship.project))
            .order_by(Mentorship.created_at)
        )
    )


def unmentored_in_districts(mentor: User, page: int) -> Page[Project]:
    """Published, open projects in the council member's districts that have no mentor."""
    profile = mentor.council_profile
    district_ids = [d.id for d in profile.districts] if profile else []
    mentored = select(Mentorship.project_id).where(Mentorship.status == MentorshipStatus.ACTIVE)
    stmt = (
        select(Project)
        .where(
            Project.state.in_(OPEN_STATES),
            Project.id.not_in(mentored),
            exists().where(
                project_districts.c.project_id == Project.id,
                project_districts.c.district_id.in_(district_ids),
            ),
        )
        # The page asks for each project whether the mentor may offer to mentor it.
        .options(
            selectinload(Project.districts),
            selectinload(Project.memberships),
            selectinload(Project.active_mentorships),
        )
        .order_by(Project.last_activity_at.desc(), Project.id.desc())
    )
    return paginate(stmt, page, per_page=10)
