"""Users, their roles, departments and the public profiles of council members."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.core.models import District, Topic
from civic.db import Base, str_enum, utcnow


class Role(enum.StrEnum):
    """Roles of DESIGN.md §2. Every verified account is a citizen; the others are granted."""

    CITIZEN = "citizen"
    COUNCIL_MEMBER = "council_member"
    COORDINATOR = "coordinator"
    DEPARTMENT_CONTACT = "department_contact"
    FUND_OFFICER = "fund_officer"
    MODERATOR = "moderator"
    ADMIN = "admin"


GRANTABLE_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.CITIZEN)

ROLE_LABELS = {
    "citizen": _l("Citizen"),
    "council_member": _l("Council member"),
    "coordinator": _l("Coordination office"),
    "department_contact": _l("Department contact"),
    "fund_officer": _l("Fund officer"),
    "moderator": _l("Moderator"),
    "admin": _l("Administrator"),
}


def former_member() -> str:
    """What a deleted account is called, in the language of the page or mail being made."""
    return str(_l("former member"))


def shown_name(name: str, deleted_at: datetime | None) -> str:
    """The name to show for a row read as columns (``User.display_name``, ``User.deleted_at``)."""
    return former_member() if deleted_at is not None else name


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    email_verified_at: Mapped[datetime | None]
    pending_email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Read and written through ``display_name``, which names a deleted account "former member".
    stored_name: Mapped[str] = mapped_column("display_name", String(80))
    about_markdown: Mapped[str] = mapped_column(Text, default="")
    about_html: Mapped[str] = mapped_column(Text, default="")
    profile_public: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(String(5), default="de")
    # Changing it ends every session of the user (see accounts.operations.change_password).
    session_version: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Moderation: set while a block holds (``blocked_until`` None with ``blocked_at`` set means
    # for good); kept by ``moderation.operations`` in step with ``UserBlock``.
    blocked_at: Mapped[datetime | None]
    blocked_until: Mapped[datetime | None]
    privacy_consent_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Set when the account was deleted: every personal field has been emptied and the row stays
    # only so that contributions keep an author, shown as "former member".
    deleted_at: Mapped[datetime | None]

    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="RoleGrant.user_id",
    )
    council_profile: Mapped[CouncilProfile | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan"
    )

    @hybrid_property
    def display_name(self) -> str:
        """The name shown for this person everywhere: "former member" (in the reader's
        language) once the account is deleted."""
        if self.deleted_at is not None:
            return former_member()
        return self.stored_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self.stored_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls) -> Any:
        return cls.stored_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_blocked(self) -> bool:
        from civic.db import utcnow

        if self.blocked_at is None:
            return False
        return self.blocked_until is None or self.blocked_until > utcnow()

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def roles(self) -> frozenset[Role]:
        held = {grant.role for grant in self.role_grants}
        if self.is_verified:
            held.add(Role.CITIZEN)
        return frozenset(held)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def department(self) -> Department | None:
        for grant in self.role_grants:
            if grant.role is Role.DEPARTMENT_CONTACT:
                return grant.department
        return None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name!r}>"


class Department(Base):
    """A department of the city administration (Geschäftsbereich or Amt)."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class RoleGrant(Base):
    """A role held by a user, granted by an admin. Department contacts name their department."""

    __tablename__ = "role_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "role"),
        CheckConstraint(
            "(role = 'department_contact') = (department_id IS NOT NULL)",
            name="department_iff_contact",
        ),
        CheckConstraint("role <> 'citizen'", name="citizen_is_implicit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])
    department: Mapped[Department | None] = relationship(lazy="joined")


council_profile_districts = Table(
    "council_profile_districts",
    Base.metadata,
    Column(
        "profile_id", ForeignKey("council_profiles.user_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)

council_profile_topics = Table(
    "council_profile_topics",
    Base.metadata,
    Column(
        "profile_id", ForeignKey("council_profiles.user_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class CouncilProfile(Base):
    """The public profile of a council member; created when the role is granted."""

    __tablename__ = "council_profiles"
    __table_args__ = (
        CheckConstraint("mentor_capacity BETWEEN 0 AND 50", name="capacity_range"),
        CheckConstraint("mentee_count >= 0", name="mentee_count_positive"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    faction: Mapped[str] = mapped_column(String(120), default="")
    committees: Mapped[str] = mapped_column(Text, default="")
    expertise: Mapped[str] = mapped_column(Text, default="")
    conflicts_of_interest: Mapped[str] = mapped_column(Text, default="")
    # Mentoring: whether the member takes on projects, how many at most, and how many now
    # (maintained by the mentoring operations with a conditional UPDATE, so it never
    # exceeds the capacity even when two acceptances race).
    mentoring_open: Mapped[bool] = mapped_column(default=True)
    mentor_capacity: Mapped[int] = mapped_column(default=3)
    mentee_count: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="council_profile")
    districts: Mapped[list[District]] = relationship(
        secondary=council_profile_districts, lazy="selectin", order_by=District.name
    )
    topics: Mapped[list[Topic]] = relationship(
        secondary=council_profile_topics, lazy="selectin", order_by=Topic.name_de
    )

    @property
    def committee_list(self) -> list[str]:
        return [c.strip() for c in self.committees.splitlines() if c.strip()]

    @property
    def has_capacity(self) -> bool:
        return self.mentoring_open and self.mentee_count < self.mentor_capacity

    @property
    def expertise_list(self) -> list[str]:
        return [c.strip() for c in self.expertise.splitlines() if c.strip()]


class UserTotp(Base):
    """The second factor (TOTP, RFC 6238) of a staff account; see ``accounts.totp``.

    The row exists from the start of the setup; the factor is on once ``confirmed_at`` is set.
    ``secret`` is the base32 secret encrypted with a key derived from ``SECRET_KEY``.
    ``last_step`` is the time step of the last accepted code, so that no code works twice.
    """

    __tablename__ = "user_totp"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None]


class RecoveryCode(Base):
    """A one-time code that replaces the TOTP code once, e.g. when the phone is lost. Only a
    SHA-256 hash is stored: the codes are long random strings, shown to their owner once."""

    __tablename__ = "totp_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None]
