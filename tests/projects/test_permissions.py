"""The permission matrix of the projects domain: role × phase × state × action.

``expected`` is the one table of what DESIGN.md §2/§3 allow, written out as rules rather than
derived from the predicates. Each case checks the named predicate in
``civic.projects.permissions`` against it and, where the action has an operation, calls the
operation as that person: a refused call raises ``PermissionDenied`` (and sends no mail), an
allowed call goes through on a project set up so that it can.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from flask_babel import lazy_gettext as _l

from civic.accounts.models import Role, User
from civic.core.errors import OperationError, PermissionDenied
from civic.db import db, utcnow
from civic.extensions import login_manager
from civic.projects import operations as ops
from civic.projects import permissions as perm
from civic.projects.models import (
    JoinRequest,
    Membership,
    Milestone,
    Need,
    Offer,
    PhaseRequest,
    PlanVersion,
    Project,
)
from civic.projects.workflow import (
    NEXT_STEP,
    STATE_CHANGES,
    MemberRole,
    NeedKind,
    NeedStatus,
    Phase,
    ProjectState,
)
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project

# --- who ---------------------------------------------------------------------------------------

VISITOR = "visitor"  # not signed in
UNVERIFIED = "unverified"  # signed in, e-mail address not confirmed, not on the team
CITIZEN = "citizen"  # verified, not on the team
MEMBER = "member"  # on the team, not an initiator
INITIATOR = "initiator"  # the only initiator of a team of two
CO_INITIATOR = "co_initiator"  # one of two initiators of a team of three
LONE_INITIATOR = "lone_initiator"  # the initiator and only member
COORDINATOR = "coordinator"  # Role.COORDINATOR, not on the team
ADMIN = "admin"  # Role.ADMIN, not on the team

ROLES = (
    VISITOR,
    UNVERIFIED,
    CITIZEN,
    MEMBER,
    INITIATOR,
    CO_INITIATOR,
    LONE_INITIATOR,
    COORDINATOR,
    ADMIN,
)
TEAM = {MEMBER, INITIATOR, CO_INITIATOR, LONE_INITIATOR}
INITIATORS = {INITIATOR, CO_INITIATOR, LONE_INITIATOR}
LAST_INITIATORS = {INITIATOR, LONE_INITIATOR}
VERIFIED = {CITIZEN, COORDINATOR, ADMIN} | TEAM
COORDINATION = {COORDINATOR, ADMIN}

DRAFT, ACTIVE, PAUSED, COMPLETED, WITHDRAWN = (
    ProjectState.DRAFT,
    ProjectState.ACTIVE,
    ProjectState.PAUSED,
    ProjectState.COMPLETED,
    ProjectState.WITHDRAWN,
)
OPEN = {ACTIVE, PAUSED}
EDITABLE = {DRAFT, ACTIVE, PAUSED}

ACTIONS = (
    "view_project",
    "edit_project",
    "publish",
    "delete_draft",
    "support",
    "request_to_join",
    "manage_team",
    "hand_over",
    "leave",
    "manage_needs",
    "offer_help",
    "offer_help_on_closed_need",
    "request_phase_change",
    "pause",
    "resume",
    "withdraw",
    "view_plan",
    "edit_plan",
    "track_milestones",
    "write_final_report",
    "decide_phase_request",
    "assign_contact",
    "feature",
)


# --- the table ---------------------------------------------------------------------------------


def expected(action: str, role: str, phase: Phase, state: ProjectState) -> bool:
    """What DESIGN.md §2/§3 allow ``role`` to do with a project in ``phase`` and ``state``."""
    team = role in TEAM
    published = state is not DRAFT
    match action:
        case "view_project":
            # Visitors see published projects; drafts only the team and the coordination.
            return published or team or role in COORDINATION
        case "edit_project":
            return team and state in EDITABLE
        case "publish" | "delete_draft":
            return role in INITIATORS and state is DRAFT
        case "support":
            # Verified people, team members included, while the project is active.
            return role in VERIFIED and state is ACTIVE
        case "request_to_join":
            return role in VERIFIED and not team and state is ACTIVE
        case "manage_team":
            # Answer join requests, invite: the team of a living (active or paused) project.
            return team and state in OPEN
        case "hand_over":
            # An initiator passes the role on, which needs someone else on the team; it is team
            # management, so only while the project is active or paused.
            return role in INITIATORS and role != LONE_INITIATOR and state in OPEN
        case "leave":
            # Anyone on the team except the last initiator. A draft's team is its initiator
            # alone (nobody can join before publication), so nobody leaves a draft.
            return team and role not in LAST_INITIATORS and published
        case "manage_needs":
            return team and state is ACTIVE
        case "offer_help":
            # On an open need of an active project, by verified people not on its team.
            return role in VERIFIED and not team and state is ACTIVE
        case "offer_help_on_closed_need":
            return False
        case "request_phase_change" | "pause":
            return team and state is ACTIVE
        case "resume":
            return team and state is PAUSED
        case "withdraw":
            return role in INITIATORS and state in OPEN
        case "view_plan":
            return expected("view_project", role, phase, state) and phase is not Phase.INITIATION
        case "edit_plan":
            return team and phase is Phase.DEVELOPMENT and state is ACTIVE
        case "track_milestones" | "write_final_report":
            return team and phase is Phase.IMPLEMENTATION and state is ACTIVE
        case "decide_phase_request":
            # A matter of who decides; that a request exists only for an active project is the
            # operation's business (it refuses to confirm anything else, see below).
            return role in COORDINATION
        case "assign_contact" | "feature":
            return role in COORDINATION and published
    raise AssertionError(f"no rule for {action}")


# --- the scene ---------------------------------------------------------------------------------


LONG_TEXT = "Wir bauen gemeinsam einen Gemeinschaftsgarten im Hinterhof. " * 5  # > 200 characters


@dataclass
class Scene:
    """One project, its team and the person acting on it."""

    role: str
    project: Project
    actor: Any
    initiator: User
    extra: dict[str, Any] = field(default_factory=dict)


def person(**traits: Any) -> User:
    """A user in the session, written with the next flush: the matrix builds thousands of
    teams, and one flush for all of them keeps it fast."""
    user = UserFactory.build(**traits)
    db.session.add(user)
    return user


def build_scene(role: str, phase: Phase, state: ProjectState) -> Scene:
    initiator = person()
    size = {LONE_INITIATOR: 0, CO_INITIATOR: 2}.get(role, 1)  # besides the initiator
    team = [person() for _ in range(size)]
    actor: Any = {
        VISITOR: lambda: login_manager.anonymous_user(),
        UNVERIFIED: lambda: person(unverified=True),
        CITIZEN: lambda: person(),
        MEMBER: lambda: team[0],
        INITIATOR: lambda: initiator,
        CO_INITIATOR: lambda: team[1],
        LONE_INITIATOR: lambda: initiator,
        COORDINATOR: lambda: person(roles=[Role.COORDINATOR]),
        ADMIN: lambda: person(roles=[Role.ADMIN]),
    }[role]()
    db.session.flush()
    project = make_project(
        initiator,
        members=team,
        phase=phase,
        state=state,
        concept=LONG_TEXT,
        districts=[DistrictFactory.build()],
        topics=[TopicFactory.build()],
    )
    if role == CO_INITIATOR:
        next(m for m in project.memberships if m.user is actor).role = MemberRole.INITIATOR
        db.session.flush()
    return Scene(role, project, actor, initiator)


def _gate_met(scene: Scene) -> None:
    """Give the project what it needs to leave its phase."""
    project = scene.project
    if project.phase is Phase.INITIATION:
        # The concept of build_scene is long enough; the default gate asks for three people.
        while project.member_count < 3:
            project.memberships.append(Membership(user=person(), role=MemberRole.MEMBER))
            project.member_count += 1
    if project.phase is Phase.DEVELOPMENT:
        db.session.add(
            PlanVersion(
                project_id=project.id,
                number=1,
                goals="Ein Garten für alle im Viertel.",
                team_roles="Anna plant, Ben gießt.",
                risks="Trockenheit im Sommer.",
                milestones=[{"title": "Beete anlegen", "due": "2030-04-01", "description": ""}],
                cost_lines=[{"label": "Erde", "amount_cents": 12000}],
                created_by_id=scene.initiator.id,
            )
        )
    if project.phase is Phase.IMPLEMENTATION:
        project.final_report_markdown = LONG_TEXT
        project.final_cost_cents = 12000
    db.session.flush()


def _open_need(scene: Scene, status: NeedStatus = NeedStatus.OPEN) -> Need:
    need = Need(
        project_id=scene.project.id,
        kind=NeedKind.EXPERTISE,
        title="Jemand mit Ahnung von Kompost",
        status=status,
        closed_at=None if status is NeedStatus.OPEN else utcnow(),
        created_by_id=scene.initiator.id,
    )
    db.session.add(need)
    db.session.flush()
    return need


def prepare_team(scene: Scene) -> None:
    scene.extra["join_request"] = JoinRequest(
        project_id=scene.project.id, user=person(), message="Ich mache mit."
    )
    db.session.add(scene.extra["join_request"])
    db.session.flush()


def prepare_needs(scene: Scene) -> None:
    need = scene.extra["need"] = _open_need(scene)
    scene.extra["offer"] = Offer(need_id=need.id, user=person(), message="Ich kenne mich aus.")
    db.session.add(scene.extra["offer"])
    db.session.flush()


def prepare_offer(scene: Scene) -> None:
    scene.extra["need"] = _open_need(scene)


def prepare_closed_need(scene: Scene) -> None:
    scene.extra["need"] = _open_need(scene, NeedStatus.CLOSED)


def prepare_milestone(scene: Scene) -> None:
    milestone = Milestone(project_id=scene.project.id, title="Beete anlegen", due=date(2030, 4, 1))
    db.session.add(milestone)
    db.session.flush()
    scene.extra["milestone"] = milestone


def prepare_phase_request(scene: Scene) -> None:
    _gate_met(scene)
    request = PhaseRequest(
        project_id=scene.project.id,
        step=NEXT_STEP[scene.project.phase],
        message="Wir sind so weit.",
        requested_by_id=scene.initiator.id,
    )
    db.session.add(request)
    db.session.flush()
    scene.extra["phase_request"] = request


def prepare_contact(scene: Scene) -> None:
    scene.extra["contact"] = person(roles=[Role.DEPARTMENT_CONTACT])
    db.session.flush()


def _edit(scene: Scene) -> None:
    project = scene.project
    ops.update_project(
        scene.actor,
        project,
        title="Ein neuer Titel",
        summary=project.summary,
        description="Mehr dazu.",
        concept=project.concept_markdown,
        district_ids=[d.id for d in project.districts],
        topic_ids=[t.id for t in project.topics],
    )


def _hand_over(scene: Scene) -> None:
    to = next(
        (
            m.user_id
            for m in scene.project.memberships
            if m.role is MemberRole.MEMBER and m.user_id != getattr(scene.actor, "id", None)
        ),
        scene.initiator.id,
    )
    ops.hand_over(scene.actor, scene.project, to, stay_initiator=False)


def _change_state(target: ProjectState, reason: str = "") -> Callable[[Scene], None]:
    return lambda s: ops.change_state(s.actor, s.project, target, reason)


NOT_POSSIBLE = _l("This change is not possible in the project's current state.")
NO_LONGER_IN_PHASE = _l("The project is no longer in the phase this request is for.")
ONLY_MEMBER = _l("You are the only team member. To end the project, withdraw it instead.")
NEEDS_INITIATOR = _l("A team needs an initiator. Please hand the role over to someone first.")
NOT_PUBLISHED_YET = _l("You can leave the team once the project is published.")
LEAVE_REASONS = (ONLY_MEMBER, NEEDS_INITIATOR, NOT_PUBLISHED_YET)


def _unless_transition(action: str, target: ProjectState) -> Callable[[Scene], tuple[Any, ...]]:
    """change_state looks up the transition first and refuses an impossible one to everybody."""
    return lambda s: (
        () if STATE_CHANGES.get((s.project.state, target)) == action else (NOT_POSSIBLE,)
    )


def _nothing(_scene: Scene) -> tuple[Any, ...]:
    return ()


@dataclass(frozen=True)
class Action:
    predicate: Callable[[Scene], bool]
    calls: tuple[Callable[[Scene], Any], ...] = ()
    prepare: Callable[[Scene], None] | None = None
    # An allowed call refused all the same, for a reason of the project's state: that reason.
    refused_anyway: Callable[[Scene], tuple[Any, ...]] = _nothing
    # A call that is not allowed raises PermissionDenied, unless the operation gives a reason
    # that comes before who is asking: then one of these.
    reason_first: Callable[[Scene], tuple[Any, ...]] = _nothing


ACTION_TABLE: dict[str, Action] = {
    "view_project": Action(lambda s: perm.can_view_project(s.actor, s.project)),
    "edit_project": Action(lambda s: perm.can_edit_project(s.actor, s.project), (_edit,)),
    "publish": Action(
        lambda s: perm.can_publish(s.actor, s.project),
        (lambda s: ops.publish_project(s.actor, s.project),),
    ),
    "delete_draft": Action(
        lambda s: perm.can_delete_draft(s.actor, s.project),
        (lambda s: ops.delete_draft(s.actor, s.project),),
    ),
    "support": Action(
        lambda s: perm.can_support(s.actor, s.project),
        (lambda s: ops.support(s.actor, s.project),),
    ),
    "request_to_join": Action(
        lambda s: perm.can_request_to_join(s.actor, s.project),
        (lambda s: ops.request_to_join(s.actor, s.project, "Darf ich mitmachen?"),),
    ),
    "manage_team": Action(
        lambda s: perm.can_manage_team(s.actor, s.project),
        (
            lambda s: ops.accept_join_request(s.actor, s.extra["join_request"]),
            lambda s: ops.invite(s.actor, s.project, "neu@example.org", "Komm dazu!"),
        ),
        prepare=prepare_team,
    ),
    "hand_over": Action(lambda s: perm.can_hand_over(s.actor, s.project), (_hand_over,)),
    "leave": Action(
        lambda s: perm.can_leave(s.actor, s.project),
        (lambda s: ops.leave(s.actor, s.project),),
        # Team members who may not leave are told why: hand over first, withdraw, or wait.
        reason_first=lambda s: LEAVE_REASONS if perm.is_team_member(s.actor, s.project) else (),
    ),
    "manage_needs": Action(
        lambda s: perm.can_manage_needs(s.actor, s.project),
        (
            lambda s: ops.post_need(s.actor, s.project, NeedKind.ROOMS, "Ein Raum", ""),
            lambda s: ops.accept_offer(s.actor, s.extra["offer"]),
            lambda s: ops.close_need(s.actor, s.extra["need"], met=True),
        ),
        prepare=prepare_needs,
    ),
    "offer_help": Action(
        lambda s: perm.can_offer_help(s.actor, s.extra["need"]),
        (lambda s: ops.offer_help(s.actor, s.extra["need"], "Ich helfe gern."),),
        prepare=prepare_offer,
    ),
    "offer_help_on_closed_need": Action(
        lambda s: perm.can_offer_help(s.actor, s.extra["need"]),
        (lambda s: ops.offer_help(s.actor, s.extra["need"], "Ich helfe gern."),),
        prepare=prepare_closed_need,
    ),
    "request_phase_change": Action(
        lambda s: perm.can_request_phase_change(s.actor, s.project),
        (
            lambda s: ops.request_phase_change(
                s.actor, s.project, NEXT_STEP[s.project.phase], "Wir sind so weit."
            ),
        ),
        prepare=_gate_met,
    ),
    "pause": Action(
        lambda s: perm.can_pause(s.actor, s.project),
        (_change_state(PAUSED),),
        reason_first=_unless_transition("pause", PAUSED),
    ),
    "resume": Action(
        lambda s: perm.can_resume(s.actor, s.project),
        (_change_state(ACTIVE),),
        reason_first=_unless_transition("resume", ACTIVE),
    ),
    "withdraw": Action(
        lambda s: perm.can_withdraw(s.actor, s.project),
        (_change_state(WITHDRAWN, "Uns fehlt die Zeit."),),
        reason_first=_unless_transition("withdraw", WITHDRAWN),
    ),
    "view_plan": Action(lambda s: perm.can_view_plan(s.actor, s.project)),
    "edit_plan": Action(
        lambda s: perm.can_edit_plan(s.actor, s.project),
        (lambda s: ops.save_plan(s.actor, s.project, goals="Ein Garten für alle."),),
    ),
    "track_milestones": Action(
        lambda s: perm.can_track_milestones(s.actor, s.project),
        (
            lambda s: ops.mark_milestone_done(s.actor, s.extra["milestone"], "Erledigt."),
            lambda s: ops.reopen_milestone(s.actor, s.extra["milestone"]),
        ),
        prepare=prepare_milestone,
    ),
    "write_final_report": Action(
        lambda s: perm.can_write_final_report(s.actor, s.project),
        (lambda s: ops.save_final_report(s.actor, s.project, LONG_TEXT, 12000),),
    ),
    "decide_phase_request": Action(
        lambda s: perm.can_decide_phase_request(s.actor),
        (
            lambda s: ops.decide_phase_request(
                s.actor, s.extra["phase_request"], confirm=True, reason="Alles da."
            ),
        ),
        prepare=prepare_phase_request,
        # A request waits only while the project is active; nothing else can be confirmed.
        refused_anyway=lambda s: () if s.project.state is ACTIVE else (NO_LONGER_IN_PHASE,),
    ),
    "assign_contact": Action(
        lambda s: perm.can_assign_contact(s.actor, s.project),
        (lambda s: ops.assign_contact(s.actor, s.project, s.extra["contact"]),),
        prepare=prepare_contact,
    ),
    "feature": Action(
        lambda s: perm.can_feature(s.actor, s.project),
        (lambda s: ops.set_featured(s.actor, s.project, True),),
    ),
}


def test_the_table_covers_every_predicate_of_the_domain():
    """A new ``can_…`` predicate needs a row here."""
    named = {name for name in vars(perm) if name.startswith("can_")}
    covered = {
        "can_view_project",
        "can_edit_project",
        "can_publish",
        "can_delete_draft",
        "can_support",
        "can_request_to_join",
        "can_manage_team",
        "can_hand_over",
        "can_leave",
        "can_manage_needs",
        "can_offer_help",
        "can_request_phase_change",
        "can_pause",
        "can_resume",
        "can_withdraw",
        "can_view_plan",
        "can_edit_plan",
        "can_track_milestones",
        "can_write_final_report",
        "can_decide_phase_request",
        "can_assign_contact",
        "can_feature",
        # Not about one project: proposing is for verified citizens (accounts tests) and
        # coordinating is the helper behind the last three rows.
        "can_propose",
        "can_coordinate",
    }
    assert named == covered
    assert set(ACTION_TABLE) == set(ACTIONS)


# --- the matrix --------------------------------------------------------------------------------

# The shape of the team (a second initiator, nobody besides the initiator) matters only where
# the rules speak of initiators; elsewhere those two would repeat the initiator's rows.
TEAM_SHAPE_ACTIONS = {"publish", "delete_draft", "hand_over", "leave", "withdraw"}

CASES = [
    pytest.param(action, role, phase, state, id=f"{action}-{role}-{phase}-{state}")
    for action in ACTIONS
    for role in ROLES
    if role not in (CO_INITIATOR, LONE_INITIATOR) or action in TEAM_SHAPE_ACTIONS
    for phase in Phase
    for state in ProjectState
]


@pytest.mark.parametrize(("action", "role", "phase", "state"), CASES)
def test_permission_matrix(app, mailbox, action, role, phase, state):
    allowed = expected(action, role, phase, state)
    spec = ACTION_TABLE[action]
    with app.test_request_context():
        scene = build_scene(role, phase, state)
        if spec.prepare is not None:
            spec.prepare(scene)

        assert spec.predicate(scene) is allowed

        for call in spec.calls:
            reasons = (spec.refused_anyway if allowed else spec.reason_first)(scene)
            if allowed and not reasons:
                call(scene)
            elif reasons:
                with pytest.raises(OperationError) as refused:
                    call(scene)
                assert not isinstance(refused.value, PermissionDenied)
                assert str(refused.value) in {str(reason) for reason in reasons}
            else:
                with pytest.raises(PermissionDenied):
                    call(scene)
            if not allowed:
                assert mailbox.messages == [], "a refused action sent mail"
