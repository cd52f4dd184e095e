"""The permission matrix of mentoring: role × project state × action.

``expected`` is the one table of what DESIGN.md §4 allows, written out as rules rather than
derived from the predicates. Each case builds a project with its team and its mentor, checks
the predicate of ``civic.mentoring.permissions`` against the table and, where the predicate
guards an operation, calls the operation as that person: a refused call raises
``PermissionDenied`` (and sends no mail), an allowed call goes through.

Scenes are what the platform can hold: a draft has no mentor and no workspace items; a
withdrawn or completed project keeps its workspace, but closing it ended its mentorships and
withdrew its open requests (``civic.core.signals.project_closed``), so its former mentor is a
mentor no more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from civic.accounts.models import Role, User
from civic.core.errors import PermissionDenied
from civic.db import db, utcnow
from civic.extensions import login_manager
from civic.mentoring import operations as ops
from civic.mentoring import permissions as perm
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
)
from civic.mentoring.workflow import (
    HurdleStatus,
    IntroductionKind,
    MentorshipStatus,
    Origin,
    QuestionStatus,
)
from civic.projects.models import Project
from civic.projects.workflow import ProjectState
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project

# --- who ---------------------------------------------------------------------------------------

VISITOR = "visitor"  # not signed in
CITIZEN = "citizen"  # signed in, not on the team
MEMBER = "member"  # on the team; the one who asked for mediation where there is a request
INITIATOR = "initiator"  # on the team; never the one who asked for mediation
MENTOR = "mentor"  # the project's mentor (a former one once the project is closed)
OTHER_MENTOR = "other_mentor"  # a council member who mentors another project
COUNCIL = "council"  # a council member without a mentorship; the one asked / offering
COORDINATOR = "coordinator"
ADMIN = "admin"

ROLES = (
    VISITOR,
    CITIZEN,
    MEMBER,
    INITIATOR,
    MENTOR,
    OTHER_MENTOR,
    COUNCIL,
    COORDINATOR,
    ADMIN,
)
TEAM = {MEMBER, INITIATOR}
COUNCIL_MEMBERS = {MENTOR, OTHER_MENTOR, COUNCIL}
COORDINATION = {COORDINATOR, ADMIN}

DRAFT, ACTIVE, PAUSED, COMPLETED, WITHDRAWN = (
    ProjectState.DRAFT,
    ProjectState.ACTIVE,
    ProjectState.PAUSED,
    ProjectState.COMPLETED,
    ProjectState.WITHDRAWN,
)
OPEN = {ACTIVE, PAUSED}
PUBLISHED = {ACTIVE, PAUSED, COMPLETED, WITHDRAWN}


# --- the table ---------------------------------------------------------------------------------


def expected(action: str, role: str, state: ProjectState) -> bool:
    """What DESIGN.md §4 allows ``role`` to do in a project in ``state``."""
    team = role in TEAM
    open_ = state in OPEN
    # Closing a project ends its mentorships: a mentor is a mentor while the project lives.
    mentor = role == MENTOR and open_
    match action:
        # Finding each other happens while the project lives.
        case "offer_mentorship":
            return role in {OTHER_MENTOR, COUNCIL} and open_
        case "ask_for_mentor":
            return team and open_
        case "accept_team_request" | "decline_team_request":
            return role == COUNCIL and open_  # the council member who was asked
        case "withdraw_team_request":
            return team and open_
        case "accept_offer" | "decline_offer":
            return team and open_
        case "withdraw_offer":
            return role == COUNCIL and open_  # the council member who offered
        case "end_team_mentorship" | "end_offered_mentorship":
            return (role == MENTOR or team or role in COORDINATION) and open_
        case "see_mentoring_requests":
            return team or mentor or role in COORDINATION
        case "use_dashboard":
            return role in COUNCIL_MEMBERS
        # The workspace: team, mentors and coordination; kept readable after closing.
        case "view_workspace":
            return state in PUBLISHED and (team or mentor or role in COORDINATION)
        case "post_message":
            return open_ and (team or mentor or role in COORDINATION)
        case "record_introduction":
            return mentor
        case "record_outcome" | "add_hurdle" | "update_hurdle" | "ask_question":
            return open_ and (team or mentor)
        case "bring_question":
            return mentor
        case "bring_answered_question" | "publish_open_question":
            return False  # an answer is final; only an answered question is shown
        case "publish_question":
            # The team decides, also after closing: the answer stays useful to the public.
            return team
        # Mediation: the team member who asked and the mentors, nobody else.
        case "ask_for_mediation":
            return team and open_  # there is a mentor to ask in every open scene
        case "view_mediation" | "close_mediation":
            return role == MEMBER or mentor
        case "reply_mediation":
            return open_ and (role == MEMBER or mentor)
    raise AssertionError(f"no rule for {action}")


# --- the scene ---------------------------------------------------------------------------------


@dataclass
class Scene:
    role: str
    state: ProjectState
    project: Project
    actor: Any
    initiator: User
    member: User
    mentor: User | None
    mentorship: Mentorship | None
    extra: dict[str, Any] = field(default_factory=dict)


def person(**traits: Any) -> User:
    """A user in the session, written with the next flush (one flush per scene is faster)."""
    user = UserFactory.build(**traits)
    db.session.add(user)
    return user


def council_member() -> User:
    return person(roles=[Role.COUNCIL_MEMBER])


def mentorship_row(
    project: Project, mentor: User, origin: Origin, status: MentorshipStatus, asked_by: User
) -> Mentorship:
    """A mentorship as the operations leave it in ``status``."""
    now = utcnow()
    started = status in (MentorshipStatus.ACTIVE, MentorshipStatus.ENDED)
    row = Mentorship(
        project_id=project.id,
        mentor_id=mentor.id,
        origin=origin,
        status=status,
        asked_by_id=asked_by.id,
        answered_at=None if status is MentorshipStatus.PENDING else now,
        started_at=now if started else None,
        ended_at=now if status is MentorshipStatus.ENDED else None,
    )
    db.session.add(row)
    if status is MentorshipStatus.ACTIVE:
        mentor.council_profile.mentee_count += 1
    db.session.flush()
    db.session.expire(project, ["active_mentorships"])
    return row


def new_project(initiator: User, members: list[User], state: ProjectState) -> Project:
    return make_project(
        initiator,
        members=members,
        state=state,
        districts=[DistrictFactory.build()],
        topics=[TopicFactory.build()],
    )


def build_scene(role: str, state: ProjectState) -> Scene:
    initiator, member = person(), person()
    mentor = council_member() if state is not DRAFT else None
    actor: Any = {
        VISITOR: lambda: login_manager.anonymous_user(),
        CITIZEN: lambda: person(),
        MEMBER: lambda: member,
        INITIATOR: lambda: initiator,
        MENTOR: lambda: mentor,
        OTHER_MENTOR: council_member,
        COUNCIL: council_member,
        COORDINATOR: lambda: person(roles=[Role.COORDINATOR]),
        ADMIN: lambda: person(roles=[Role.ADMIN]),
    }[role]()
    db.session.flush()
    project = new_project(initiator, [member], state)
    mentorship = None
    if mentor is not None:
        status = MentorshipStatus.ACTIVE if state in OPEN else MentorshipStatus.ENDED
        mentorship = mentorship_row(project, mentor, Origin.TEAM, status, initiator)
    if role == OTHER_MENTOR:
        elsewhere = new_project(person(), [], ACTIVE)
        mentorship_row(elsewhere, actor, Origin.MENTOR, MentorshipStatus.ACTIVE, actor)
    return Scene(role, state, project, actor, initiator, member, mentor, mentorship)


# --- what each action needs --------------------------------------------------------------------


def _council(scene: Scene) -> User:
    """The council member without a mentorship: the actor in that role, else a new one."""
    if scene.role == COUNCIL:
        return scene.actor
    user = council_member()
    db.session.flush()
    return user


def prepare_team_request(scene: Scene) -> None:
    # Closing the project withdrew the open requests.
    status = MentorshipStatus.PENDING if scene.state in OPEN else MentorshipStatus.WITHDRAWN
    scene.extra["request"] = mentorship_row(
        scene.project, _council(scene), Origin.TEAM, status, scene.initiator
    )


def prepare_offer(scene: Scene) -> None:
    status = MentorshipStatus.PENDING if scene.state in OPEN else MentorshipStatus.WITHDRAWN
    offering = _council(scene)
    scene.extra["request"] = mentorship_row(
        scene.project, offering, Origin.MENTOR, status, offering
    )


def prepare_offered_mentorship(scene: Scene) -> None:
    assert scene.mentorship is not None
    scene.mentorship.origin = Origin.MENTOR
    scene.mentorship.asked_by_id = scene.mentorship.mentor_id
    db.session.flush()


def prepare_candidate(scene: Scene) -> None:
    scene.extra["candidate"] = council_member()  # whom the team asks
    db.session.flush()


def prepare_introduction(scene: Scene) -> None:
    introduction = Introduction(
        project_id=scene.project.id,
        kind=IntroductionKind.COMPANY,
        contact="Bäckerei Schulze",
        reason="Spendet Brot für das Fest.",
        created_by_id=scene.mentor.id,
    )
    db.session.add(introduction)
    db.session.flush()
    scene.extra["introduction"] = introduction


def prepare_hurdle(scene: Scene) -> None:
    hurdle = Hurdle(
        project_id=scene.project.id, title="Kein Wasseranschluss", created_by_id=scene.member.id
    )
    db.session.add(hurdle)
    db.session.flush()
    scene.extra["hurdle"] = hurdle


def _question(scene: Scene, answered: bool) -> None:
    question = PoliticalQuestion(
        project_id=scene.project.id,
        question="Darf der Garten auf die Brache?",
        created_by_id=scene.member.id,
    )
    if answered:
        question.status = QuestionStatus.ANSWERED
        question.council_reference = "A-2026-17"
        question.brought_on = date(2026, 3, 4)
        question.answer_markdown = question.answer_html = "Ja."
        question.answered_on = date(2026, 4, 1)
    db.session.add(question)
    db.session.flush()
    scene.extra["question"] = question


def prepare_open_question(scene: Scene) -> None:
    _question(scene, answered=False)


def prepare_answered_question(scene: Scene) -> None:
    _question(scene, answered=True)


def prepare_mediation(scene: Scene) -> None:
    request = MediationRequest(
        project_id=scene.project.id, requester_id=scene.member.id, subject="Streit ums Budget"
    )
    db.session.add(request)
    db.session.flush()
    scene.extra["mediation"] = request


# --- the actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    predicate: Callable[..., bool]
    arguments: Callable[[Scene], tuple[Any, ...]]
    calls: tuple[Callable[[Scene], Any], ...] = ()
    prepare: Callable[[Scene], None] | None = None
    # Drafts have no mentorship and no workspace items: only actions on the project itself
    # are checked on a draft.
    on_drafts: bool = False


def _project(s: Scene) -> tuple[Any, ...]:
    return (s.actor, s.project)


def _request(s: Scene) -> tuple[Any, ...]:
    return (s.actor, s.extra["request"])


def _mentorship(s: Scene) -> tuple[Any, ...]:
    return (s.actor, s.mentorship)


def _with(key: str) -> Callable[[Scene], tuple[Any, ...]]:
    return lambda s: (s.actor, s.extra[key], s.project)


def _bring(s: Scene) -> None:
    ops.bring_question(s.actor, s.extra["question"], s.project, "A-2026-17", date(2026, 3, 4))


def _answer(s: Scene) -> None:
    ops.answer_question(s.actor, s.extra["question"], s.project, "Ja.", date(2026, 4, 1))


def _publish(s: Scene) -> None:
    ops.set_question_public(s.actor, s.extra["question"], s.project, True)


ACTION_TABLE: dict[str, Action] = {
    "offer_mentorship": Action(
        perm.can_offer_mentorship,
        _project,
        (lambda s: ops.offer_mentorship(s.actor, s.project, "Ich helfe gern."),),
        on_drafts=True,
    ),
    "ask_for_mentor": Action(
        perm.can_ask_for_mentor,
        _project,
        (lambda s: ops.ask_for_mentor(s.actor, s.project, s.extra["candidate"], "Bitte."),),
        prepare=prepare_candidate,
        on_drafts=True,
    ),
    "accept_team_request": Action(
        perm.can_answer_mentorship,
        _request,
        (lambda s: ops.accept_mentorship(s.actor, s.extra["request"]),),
        prepare=prepare_team_request,
    ),
    "decline_team_request": Action(
        perm.can_answer_mentorship,
        _request,
        (lambda s: ops.decline_mentorship(s.actor, s.extra["request"], "Keine Zeit."),),
        prepare=prepare_team_request,
    ),
    "withdraw_team_request": Action(
        perm.can_withdraw_mentorship_request,
        _request,
        (lambda s: ops.withdraw_mentorship_request(s.actor, s.extra["request"]),),
        prepare=prepare_team_request,
    ),
    "accept_offer": Action(
        perm.can_answer_mentorship,
        _request,
        (lambda s: ops.accept_mentorship(s.actor, s.extra["request"]),),
        prepare=prepare_offer,
    ),
    "decline_offer": Action(
        perm.can_answer_mentorship,
        _request,
        (lambda s: ops.decline_mentorship(s.actor, s.extra["request"], "Danke, nein."),),
        prepare=prepare_offer,
    ),
    "withdraw_offer": Action(
        perm.can_withdraw_mentorship_request,
        _request,
        (lambda s: ops.withdraw_mentorship_request(s.actor, s.extra["request"]),),
        prepare=prepare_offer,
    ),
    "end_team_mentorship": Action(
        perm.can_end_mentorship,
        _mentorship,
        (lambda s: ops.end_mentorship(s.actor, s.mentorship, "Es passt nicht."),),
    ),
    "end_offered_mentorship": Action(
        perm.can_end_mentorship,
        _mentorship,
        (lambda s: ops.end_mentorship(s.actor, s.mentorship, "Es passt nicht."),),
        prepare=prepare_offered_mentorship,
    ),
    "see_mentoring_requests": Action(perm.can_see_mentoring_requests, _project, on_drafts=True),
    "use_dashboard": Action(perm.can_use_dashboard, lambda s: (s.actor,)),
    "view_workspace": Action(perm.can_view_workspace, _project, on_drafts=True),
    "post_message": Action(
        perm.can_post_message,
        _project,
        (lambda s: ops.post_message(s.actor, s.project, "Treffen am Montag?"),),
        on_drafts=True,
    ),
    "record_introduction": Action(
        perm.can_record_introduction,
        _project,
        (
            lambda s: ops.record_introduction(
                s.actor, s.project, IntroductionKind.GROUP, "Nachbarschaftsverein", "Helfer"
            ),
        ),
        on_drafts=True,
    ),
    "record_outcome": Action(
        perm.can_record_outcome,
        _with("introduction"),
        (lambda s: ops.record_outcome(s.actor, s.extra["introduction"], s.project, "Klappt."),),
        prepare=prepare_introduction,
    ),
    "add_hurdle": Action(
        perm.can_add_hurdle,
        _project,
        (lambda s: ops.add_hurdle(s.actor, s.project, "Keine Genehmigung", "", None),),
        on_drafts=True,
    ),
    "update_hurdle": Action(
        perm.can_update_hurdle,
        _with("hurdle"),
        (
            lambda s: ops.update_hurdle(
                s.actor, s.extra["hurdle"], s.project, HurdleStatus.IN_PROGRESS, None
            ),
        ),
        prepare=prepare_hurdle,
    ),
    "ask_question": Action(
        perm.can_ask_question,
        _project,
        (lambda s: ops.ask_question(s.actor, s.project, "Gibt es Geld vom Bezirk?"),),
        on_drafts=True,
    ),
    "bring_question": Action(
        perm.can_bring_question, _with("question"), (_bring, _answer), prepare_open_question
    ),
    "bring_answered_question": Action(
        perm.can_bring_question, _with("question"), (_bring, _answer), prepare_answered_question
    ),
    "publish_question": Action(
        perm.can_publish_question, _with("question"), (_publish,), prepare_answered_question
    ),
    "publish_open_question": Action(
        perm.can_publish_question, _with("question"), (_publish,), prepare_open_question
    ),
    "ask_for_mediation": Action(
        perm.can_ask_for_mediation,
        _project,
        (lambda s: ops.ask_for_mediation(s.actor, s.project, "Streit", "Bitte helft uns."),),
        on_drafts=True,
    ),
    "view_mediation": Action(perm.can_view_mediation, _with("mediation"), (), prepare_mediation),
    "reply_mediation": Action(
        perm.can_reply_mediation,
        _with("mediation"),
        (lambda s: ops.reply_mediation(s.actor, s.extra["mediation"], s.project, "Gern."),),
        prepare_mediation,
    ),
    "close_mediation": Action(
        perm.can_close_mediation,
        _with("mediation"),
        (lambda s: ops.close_mediation(s.actor, s.extra["mediation"], s.project),),
        prepare_mediation,
    ),
}

# Public functions of the module that are not permissions of their own but the vocabulary the
# predicates are built of; every row above goes through them.
HELPERS = {"is_council_member", "is_mentor", "is_asking_side", "is_answering_side"}


def test_the_table_covers_every_predicate_of_the_module():
    """A new predicate in ``civic.mentoring.permissions`` needs a row here."""
    public = {
        name
        for name, value in vars(perm).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", None) == perm.__name__
    }
    covered = {action.predicate.__name__ for action in ACTION_TABLE.values()}
    assert public == covered | HELPERS
    assert all(name.startswith("can_") for name in covered)
    for action in ACTION_TABLE:
        for role in ROLES:
            expected(action, role, ACTIVE)  # a rule for every action


# --- the matrix --------------------------------------------------------------------------------

CASES = [
    pytest.param(action, role, state, id=f"{action}-{role}-{state}")
    for action, spec in ACTION_TABLE.items()
    for state in ProjectState
    if state is not DRAFT or spec.on_drafts
    # The dashboard is not about one project.
    if action != "use_dashboard" or state is ACTIVE
    for role in ROLES
    # A draft cannot have a mentor.
    if not (state is DRAFT and role == MENTOR)
]


@pytest.mark.parametrize(("action", "role", "state"), CASES)
def test_permission_matrix(app, mailbox, action, role, state):
    allowed = expected(action, role, state)
    spec = ACTION_TABLE[action]
    with app.test_request_context():
        scene = build_scene(role, state)
        if spec.prepare is not None:
            spec.prepare(scene)

        assert spec.predicate(*spec.arguments(scene)) is allowed

        for call in spec.calls:
            if allowed:
                call(scene)
            else:
                with pytest.raises(PermissionDenied):
                    call(scene)
        if not allowed:
            assert mailbox.messages == [], "a refused action sent mail"
