"""Factories for test data. Rows are committed into the test's outer transaction (which is
rolled back after the test), so that requests made by the test client see them."""

from __future__ import annotations

from datetime import timedelta

import factory
from werkzeug.security import generate_password_hash

from civic.accounts.models import CouncilProfile, Department, Role, RoleGrant, User
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.fund.models import Application, Fund
from civic.fund.workflow import Status as FundStatus
from civic.mentoring.models import Mentorship
from civic.mentoring.workflow import MentorshipStatus, Origin
from civic.projects.models import Membership, Project
from civic.projects.workflow import MemberRole, Phase, ProjectState

PASSWORD = "correct horse battery"
_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")


class Factory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(Factory):
    class Meta:
        model = User

    display_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password_hash = _HASH
    email_verified_at = factory.LazyFunction(utcnow)
    privacy_consent_at = factory.LazyFunction(utcnow)
    locale = "de"

    class Params:
        unverified = factory.Trait(email_verified_at=None)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        for role in extracted or []:
            department = None
            if role is Role.DEPARTMENT_CONTACT:
                department = DepartmentFactory()
            self.role_grants.append(RoleGrant(role=role, department=department))
            if role is Role.COUNCIL_MEMBER:
                self.council_profile = CouncilProfile(faction="Fraktion Test")
        if extracted:
            db.session.commit()


class DepartmentFactory(Factory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Amt {n}")


class DistrictFactory(Factory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n}")


class TopicFactory(Factory):
    class Meta:
        model = Topic

    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


_project_numbers = iter(range(1, 10**9))


def make_project(
    initiator: User | None = None,
    *,
    members: int | list[User] = 0,
    phase: Phase = Phase.INITIATION,
    state: ProjectState = ProjectState.ACTIVE,
    concept: str = "",
    **fields: object,
) -> Project:
    """A project in any phase and state, built directly (not through the workflow) so that
    tests can start where they need to. ``members`` adds that many people (or these people)
    to the team besides the initiator."""
    number = next(_project_numbers)
    initiator = initiator or UserFactory()
    extra = members if isinstance(members, list) else [UserFactory() for _ in range(members)]
    now = utcnow()
    project = Project(
        title=str(fields.pop("title", f"Projekt {number}")),
        summary=str(fields.pop("summary", f"Kurzbeschreibung von Projekt {number}")),
        phase=phase,
        state=state,
        concept_markdown=concept,
        published_at=None if state is ProjectState.DRAFT else now,
        created_by_id=initiator.id,
        districts=fields.pop("districts", None) or [DistrictFactory()],  # type: ignore[arg-type]
        topics=fields.pop("topics", None) or [TopicFactory()],  # type: ignore[arg-type]
        **fields,
    )
    project.memberships.append(Membership(user=initiator, role=MemberRole.INITIATOR))
    for person in extra:
        project.memberships.append(Membership(user=person, role=MemberRole.MEMBER))
    project.member_count = 1 + len(extra)
    db.session.add(project)
    db.session.commit()
    return project


def make_council_member(capacity: int = 3, **fields: object) -> User:
    """A council member with a public profile who takes on ``capacity`` projects."""
    user = UserFactory(roles=[Role.COUNCIL_MEMBER], **fields)
    user.council_profile.mentor_capacity = capacity
    db.session.commit()
    return user


def add_mentor(project: Project, mentor: User | None = None) -> Mentorship:
    """Make ``mentor`` (a new council member if not given) an active mentor of ``project``,
    built directly so that tests can start where they need to."""
    mentor = mentor or make_council_member()
    now = utcnow()
    mentorship = Mentorship(
        project_id=project.id,
        mentor_id=mentor.id,
        origin=Origin.TEAM,
        status=MentorshipStatus.ACTIVE,
        asked_by_id=project.memberships[0].user_id,
        answered_at=now,
        answered_by_id=mentor.id,
        started_at=now,
    )
    db.session.add(mentorship)
    mentor.council_profile.mentee_count += 1
    db.session.commit()
    db.session.expire(project, ["active_mentorships"])
    return mentorship


def make_fund(
    year: int | None = None,
    budget_cents: int = 100_000_00,
    max_per_project_cents: int = 20_000_00,
    four_eyes_cents: int = 5_000_00,
    **fields: object,
) -> Fund:
    """A fund whose call is open today (unless dates are given)."""
    today = utcnow().date()
    fund = Fund(
        year=year or today.year,
        budget_cents=budget_cents,
        max_per_project_cents=max_per_project_cents,
        four_eyes_cents=four_eyes_cents,
        call_opens_on=fields.pop("call_opens_on", today - timedelta(days=30)),
        call_closes_on=fields.pop("call_closes_on", today + timedelta(days=30)),
        required_documents=fields.pop("required_documents", "Sachbericht\nBelege"),
        criteria=fields.pop("criteria", "Nutzen für den Stadtteil\nMachbarkeit"),
        **fields,
    )
    db.session.add(fund)
    db.session.commit()
    return fund


def make_application(
    project: Project,
    fund: Fund,
    status: FundStatus = FundStatus.DRAFT,
    requested_cents: int = 3_000_00,
    approved_cents: int = 0,
    **fields: object,
) -> Application:
    """An application in any state, built directly (not through the workflow). A funded one
    commits its approved amount to the fund, as the operations would."""
    now = utcnow()
    decided = status in (
        FundStatus.APPROVED,
        FundStatus.PARTIALLY_APPROVED,
        FundStatus.PROOF_SUBMITTED,
        FundStatus.CLOSED,
        FundStatus.REJECTED,
    )
    application = Application(
        fund_id=fund.id,
        project_id=project.id,
        status=status,
        title=str(fields.pop("title", "Material für die erste Saison")),
        requested_cents=requested_cents,
        cost_lines=fields.pop(
            "cost_lines", [{"label": "Material", "amount_cents": requested_cents}]
        ),
        justification=str(fields.pop("justification", "Damit wir anfangen können.")),
        contact_id=project.memberships[0].user_id,
        created_by_id=project.memberships[0].user_id,
        submitted_at=None if status is FundStatus.DRAFT else now,
        approved_cents=approved_cents,
        decided_at=now if decided else None,
        decision_reason="Entspricht den Kriterien." if decided else "",
        **fields,
    )
    db.session.add(application)
    if approved_cents:
        fund.committed_cents += approved_cents
    db.session.commit()
    return application
