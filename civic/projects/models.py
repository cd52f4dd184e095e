"""Projects and everything that hangs on them: team, supports, needs and offers, phase requests,
the versioned implementation plan, milestones and the public timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.accounts.models import User
from civic.core.models import District, Topic
from civic.db import Base, str_enum, utcnow
from civic.projects.workflow import (
    MemberRole,
    NeedKind,
    NeedStatus,
    Phase,
    ProjectState,
    RequestStatus,
    Step,
)

# The projects the public list shows unless a filter asks for another state: its indexes hold
# only these (``projects.queries.LISTED_STATES`` must say the same).
LISTED_CONDITION = "hidden_at IS NULL AND state IN ('active', 'paused', 'completed')"

project_districts = Table(
    "project_districts",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id"), primary_key=True, index=True),
)

project_topics = Table(
    "project_topics",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), primary_key=True, index=True),
)


class Project(Base):
    """An idea on its way to a real project. ``supporter_count``, ``member_count`` and
    ``open_need_count`` are maintained by the operations so lists never count rows."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("state = 'draft' OR published_at IS NOT NULL", name="published_has_date"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="location_complete"),
        Index("ix_projects_list_newest", "state", "published_at", "id"),
        Index("ix_projects_list_active", "state", "last_activity_at", "id"),
        Index("ix_projects_list_supporters", "state", "supporter_count", "id"),
        Index("ix_projects_featured", "featured", "last_activity_at", "id"),
        # The public list in each of its orders: read in index order, so the first page and
        # a deep one cost the same however many projects the city has.
        *(
            Index(
                f"ix_projects_listed_{name}",
                column,
                "id",
                postgresql_where=text(LISTED_CONDITION),
                sqlite_where=text(LISTED_CONDITION),
            )
            for name, column in (
                ("newest", "published_at"),
                ("active", "last_activity_at"),
                ("supporters", "supporter_count"),
            )
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    concept_markdown: Mapped[str] = mapped_column(Text, default="")
    concept_html: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[Phase] = mapped_column(str_enum(Phase, "project_phase"), default=Phase.INITIATION)
    state: Mapped[ProjectState] = mapped_column(
        str_enum(ProjectState, "project_state"), default=ProjectState.DRAFT
    )
    image_filename: Mapped[str | None] = mapped_column(String(80))
    image_alt: Mapped[str] = mapped_column(String(200), default="")
    location_name: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    final_report_markdown: Mapped[str] = mapped_column(Text, default="")
    final_report_html: Mapped[str] = mapped_column(Text, default="")
    # Hidden by moderation: the page says so instead of showing the project.
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Deleted (only drafts are deleted): gone for everyone; moderators can restore it.
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    final_cost_cents: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    department_contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    featured: Mapped[bool] = mapped_column(default=False)
    supporter_count: Mapped[int] = mapped_column(default=0)
    member_count: Mapped[int] = mapped_column(default=0)
    open_need_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    districts: Mapped[list[District]] = relationship(
        secondary=project_districts, order_by=District.name
    )
    topics: Mapped[list[Topic]] = relationship(secondary=project_topics, order_by=Topic.name_de)
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(Membership.role, Membership.joined_at, Membership.id)",
    )
    department_contact: Mapped[User | None] = relationship(foreign_keys=[department_contact_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    deleted_by: Mapped[User | None] = relationship(foreign_keys=[deleted_by_id])

    @property
    def is_published(self) -> bool:
        return self.state is not ProjectState.DRAFT

    @property
    def is_open(self) -> bool:
        """Active or paused: the project still lives and its team can act."""
        return self.state in (ProjectState.ACTIVE, ProjectState.PAUSED)


class Membership(Base):
    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(
        str_enum(MemberRole, "member_role"), default=MemberRole.MEMBER
    )
    task: Mapped[str] = mapped_column(String(120), default="")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class JoinRequest(Base):
    """A citizen asks to join a team; one row per person and project, reopened on a new ask."""

    __tablename__ = "join_requests"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "join_request_status"), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    project: Mapped[Project] = relationship()


class Invitation(Base):
    """An invitation to the team sent by e-mail; the link carries a signed token."""

    __tablename__ = "invitations"
    # One invitation waiting per address and project.
    __table_args__ = (
        Index(
            "uq_invitations_pending",
            "project_id",
            "email",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(Text, default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "invitation_status"), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    project: Mapped[Project] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])


class Support(Base):
    """One support per citizen and project: the unique constraint makes a double click count
    once."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Need(Base):
    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name="closed_has_date"),
        Index("ix_needs_board", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NeedKind] = mapped_column(str_enum(NeedKind, "need_kind"))
    title: Mapped[str] = mapped_column(String(120))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[NeedStatus] = mapped_column(
        str_enum(NeedStatus, "need_status"), default=NeedStatus.OPEN
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    project: Mapped[Project] = relationship()
    offers: Mapped[list[Offer]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="Offer.created_at"
    )


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("need_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "offer_status"), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    need: Mapped[Need] = relationship(back_populates="offers")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PhaseRequest(Base):
    """A team asks the coordination office to move the project on (or to complete it)."""

    __tablename__ = "phase_requests"
    __table_args__ = (
        CheckConstraint("status = 'pending' OR decided_at IS NOT NULL", name="decided_has_date"),
        CheckConstraint(
            "status NOT IN ('accepted', 'declined') OR decided_by_id IS NOT NULL",
            name="decision_has_actor",
        ),
        Index("ix_phase_requests_queue", "status", "created_at"),
        # One request waiting per project: a double click asks the office once.
        Index(
            "uq_phase_requests_pending",
            "project_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[Step] = mapped_column(str_enum(Step, "phase_step"))
    message: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "phase_request_status"), default=RequestStatus.PENDING
    )
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    project: Mapped[Project] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class PlanVersion(Base):
    """One saved state of the implementation plan. Versions are never changed; the newest is
    the current plan. Milestones and cost lines are kept as lists inside the version."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    goals: Mapped[str] = mapped_column(Text, default="")
    team_roles: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    # [{"title": str, "due": "YYYY-MM-DD", "description": str}]
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # [{"label": str, "amount_cents": int}]
    cost_lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    own_contribution_cents: Mapped[int] = mapped_column(default=0)
    other_funding_cents: Mapped[int] = mapped_column(default=0)
    other_funding_note: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()

    @property
    def total_cost_cents(self) -> int:
        return sum(int(line.get("amount_cents", 0)) for line in self.cost_lines)

    @property
    def requested_cents(self) -> int:
        """What is left to pay once own contributions and other funding are counted."""
        return max(
            0, self.total_cost_cents - self.own_contribution_cents - self.other_funding_cents
        )


class Milestone(Base):
    """A milestone being carried out; created from the plan when implementation starts."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("done_at IS NULL OR done_by_id IS NOT NULL", name="done_has_actor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(160))
    due: Mapped[date | None]
    description: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None]
    done_note: Mapped[str] = mapped_column(String(500), default="")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TimelineEntry(Base):
    """One public event in a project's life: who, when, from what to what, and why."""

    __tablename__ = "timeline_entries"
    __table_args__ = (Index("ix_timeline_project", "project_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_value: Mapped[str] = mapped_column(String(200), default="")
    to_value: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
