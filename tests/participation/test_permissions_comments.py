"""The permission matrix of comments, project updates and follows: role × project state ×
action.

``expected`` is the one table of what DESIGN.md §6 and the participation issue allow, written
out as rules rather than derived from the predicates. Each case checks the named predicate in
``civic.participation.permissions`` against it and, where the action has an operation, calls
the operation as that person: a refused call raises ``PermissionDenied`` (or, for a blocked
person, says that the account is blocked), an allowed call goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from civic.accounts.models import Role, User
from civic.core.errors import OperationError, PermissionDenied
from civic.db import db, utcnow
from civic.extensions import login_manager
from civic.participation import operations as ops
from civic.participation import permissions as perm
from civic.participation.models import Comment, FollowKind, ProjectUpdate
from civic.projects.models import Project
from civic.projects.workflow import ProjectState
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project

# --- who ---------------------------------------------------------------------------------------

VISITOR = "visitor"  # not signed in
UNVERIFIED = "unverified"  # signed in, e-mail address not confirmed
CITIZEN = "citizen"  # verified, neither on the team nor the comment's author
MEMBER = "member"  # on the team
AUTHOR = "author"  # wrote the comment, not on the team
BLOCKED_AUTHOR = "blocked_author"  # wrote the comment, blocked by moderation since
BLOCKED_MEMBER = "blocked_member"  # on the team, blocked by moderation
MODERATOR = "moderator"  # Role.MODERATOR, not on the team
ADMIN = "admin"  # Role.ADMIN, not on the team

ROLES = (
    VISITOR,
    UNVERIFIED,
    CITIZEN,
    MEMBER,
    AUTHOR,
    BLOCKED_AUTHOR,
    BLOCKED_MEMBER,
    MODERATOR,
    ADMIN,
)
BLOCKED = {BLOCKED_AUTHOR, BLOCKED_MEMBER}
VERIFIED = {CITIZEN, MEMBER, AUTHOR, MODERATOR, ADMIN} | BLOCKED
POSTERS = VERIFIED - BLOCKED

DRAFT, ACTIVE, PAUSED, COMPLETED, WITHDRAWN = (
    ProjectState.DRAFT,
    ProjectState.ACTIVE,
    ProjectState.PAUSED,
    ProjectState.COMPLETED,
    ProjectState.WITHDRAWN,
)
DISCUSSED = {ACTIVE, PAUSED, COMPLETED}
OPEN = {ACTIVE, PAUSED}

ACTIONS = (
    "comment",
    "reply",
    "edit_comment",
    "edit_comment_too_late",
    "delete_comment",
    "see_hidden",
    "post_update",
    "edit_update",
    "delete_update",
    "follow",
    "follow_project",
)


# --- the table ---------------------------------------------------------------------------------


def expected(action: str, role: str, state: ProjectState) -> bool:
    match action:
        case "comment" | "reply":
            # Confirmed citizens who are not blocked, while the project lives or is completed;
            # a withdrawn project keeps its discussion but takes no more.
            return role in POSTERS and state in DISCUSSED
        case "edit_comment":
            return role == AUTHOR and state in DISCUSSED
        case "edit_comment_too_late":
            return False
        case "delete_comment":
            # Authors may always take their words back, blocked or not.
            return role in {AUTHOR, BLOCKED_AUTHOR}
        case "see_hidden":
            return role in {MODERATOR, ADMIN}
        case "post_update" | "edit_update":
            return role == MEMBER and state in OPEN
        case "delete_update":
            return role in {MEMBER, BLOCKED_MEMBER}
        case "follow":
            return role in VERIFIED
        case "follow_project":
            return role in VERIFIED and state is not DRAFT
    raise AssertionError(f"no rule for {action}")


# --- the scene ---------------------------------------------------------------------------------


@dataclass
class Scene:
    role: str
    project: Project
    actor: Any
    comment: Comment
    update: ProjectUpdate
    extra: dict[str, Any] = field(default_factory=dict)


def person(**traits: Any) -> User:
    user = UserFactory.build(**traits)
    db.session.add(user)
    return user


def build_scene(role: str, state: ProjectState) -> Scene:
    initiator = person()
    now = utcnow()
    actor: Any = {
        VISITOR: lambda: login_manager.anonymous_user(),
        UNVERIFIED: lambda: person(unverified=True),
        CITIZEN: lambda: person(),
        MEMBER: lambda: person(),
        AUTHOR: lambda: person(),
        BLOCKED_AUTHOR: lambda: person(blocked_at=now),
        BLOCKED_MEMBER: lambda: person(blocked_at=now),
        MODERATOR: lambda: person(roles=[Role.MODERATOR]),
        ADMIN: lambda: person(roles=[Role.ADMIN]),
    }[role]()
    db.session.flush()
    team = [actor] if role in {MEMBER, BLOCKED_MEMBER} else []
    project = make_project(
        initiator,
        members=team,
        state=state,
        districts=[DistrictFactory.build()],
        topics=[TopicFactory.build()],
    )
    author = actor if role in {AUTHOR, BLOCKED_AUTHOR} else person()
    db.session.flush()
    comment = Comment(
        project_id=project.id,
        author=author,
        body_markdown="Gute Idee!",
        body_html="<p>Gute Idee!</p>",
        created_at=now - timedelta(minutes=2),
    )
    update = ProjectUpdate(
        project_id=project.id,
        author=initiator,
        title="Es geht los",
        body_markdown="Am Samstag.",
        body_html="<p>Am Samstag.</p>",
    )
    db.session.add_all([comment, update])
    db.session.flush()
    return Scene(role, project, actor, comment, update)


def prepare_too_late(scene: Scene) -> None:
    scene.comment.created_at = utcnow() - timedelta(minutes=perm.EDIT_MINUTES + 1)
    db.session.flush()


def _blocked(scene: Scene) -> tuple[Any, ...]:
    return (ops.BLOCKED,) if scene.role in BLOCKED else ()


def _too_late(scene: Scene) -> tuple[Any, ...]:
    if scene.role in BLOCKED:
        return (ops.BLOCKED,)
    return (ops.EDIT_TIME_OVER,) if scene.role == AUTHOR else ()


def _draft_gone(scene: Scene) -> tuple[Any, ...]:
    return (ops.GONE,) if scene.project.state is DRAFT else ()


def _nothing(_scene: Scene) -> tuple[Any, ...]:
    return ()


@dataclass(frozen=True)
class Action:
    predicate: Callable[[Scene], bool]
    calls: tuple[Callable[[Scene], Any], ...] = ()
    prepare: Callable[[Scene], None] | None = None
    # A call that is not allowed raises PermissionDenied, unless the operation gives a reason
    # the person can act on: then one of these.
    reason_first: Callable[[Scene], tuple[Any, ...]] = _nothing


ACTION_TABLE: dict[str, Action] = {
    "comment": Action(
        lambda s: perm.can_comment(s.actor, s.project),
        (lambda s: ops.post_comment(s.actor, s.project, "Ich mache mit."),),
        reason_first=_blocked,
    ),
    "reply": Action(
        lambda s: perm.can_reply(s.actor, s.comment),
        (lambda s: ops.post_comment(s.actor, s.project, "Ich auch.", parent=s.comment),),
        reason_first=_blocked,
    ),
    "edit_comment": Action(
        lambda s: perm.can_edit_comment(s.actor, s.comment),
        (lambda s: ops.edit_comment(s.actor, s.comment, "Gute Idee, wirklich!"),),
        reason_first=_blocked,
    ),
    "edit_comment_too_late": Action(
        lambda s: perm.can_edit_comment(s.actor, s.comment),
        (lambda s: ops.edit_comment(s.actor, s.comment, "Nachträglich"),),
        prepare=prepare_too_late,
        reason_first=_too_late,
    ),
    "delete_comment": Action(
        lambda s: perm.can_delete_comment(s.actor, s.comment),
        (lambda s: ops.delete_comment(s.actor, s.comment),),
    ),
    "see_hidden": Action(lambda s: perm.can_see_hidden(s.actor)),
    "post_update": Action(
        lambda s: perm.can_post_update(s.actor, s.project),
        (lambda s: ops.post_update(s.actor, s.project, title="Neu", body="Es gibt Neues."),),
        reason_first=_blocked,
    ),
    "edit_update": Action(
        lambda s: perm.can_edit_update(s.actor, s.update),
        (lambda s: ops.edit_update(s.actor, s.update, title="Neu", body="Geändert."),),
        reason_first=_blocked,
    ),
    "delete_update": Action(
        lambda s: perm.can_delete_update(s.actor, s.update),
        (lambda s: ops.delete_update(s.actor, s.update),),
    ),
    "follow": Action(
        lambda s: perm.can_follow(s.actor),
        (lambda s: ops.follow_as(s.actor, FollowKind.DISTRICT, s.project.districts[0].id),),
    ),
    "follow_project": Action(
        lambda s: perm.can_follow_project(s.actor, s.project),
        (lambda s: ops.follow_as(s.actor, FollowKind.PROJECT, s.project.id),),
        reason_first=_draft_gone,
    ),
}


def test_the_table_covers_every_predicate_of_the_domain():
    """A new ``can_…`` predicate needs a row here."""
    named = {name for name in vars(perm) if name.startswith("can_")}
    covered = {
        "can_comment",
        "can_reply",
        "can_edit_comment",
        "can_delete_comment",
        "can_see_hidden",
        "can_post_update",
        "can_edit_update",
        "can_delete_update",
        "can_follow",
        "can_follow_project",
    }
    assert named == covered
    assert set(ACTION_TABLE) == set(ACTIONS)


CASES = [
    pytest.param(action, role, state, id=f"{action}-{role}-{state}")
    for action in ACTIONS
    for role in ROLES
    for state in ProjectState
]


@pytest.mark.parametrize(("action", "role", "state"), CASES)
def test_permission_matrix(app, mailbox, action, role, state):
    allowed = expected(action, role, state)
    spec = ACTION_TABLE[action]
    with app.test_request_context():
        scene = build_scene(role, state)
        if spec.prepare is not None:
            spec.prepare(scene)

        assert spec.predicate(scene) is allowed

        for call in spec.calls:
            reasons = () if allowed else spec.reason_first(scene)
            if allowed:
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


def test_a_block_that_has_ended_no_longer_holds(app):
    with app.test_request_context():
        scene = build_scene(CITIZEN, ACTIVE)
        scene.actor.blocked_at = utcnow() - timedelta(days=10)
        scene.actor.blocked_until = utcnow() - timedelta(days=1)
        assert perm.can_comment(scene.actor, scene.project)
        scene.actor.blocked_until = utcnow() + timedelta(days=1)
        assert not perm.can_comment(scene.actor, scene.project)
