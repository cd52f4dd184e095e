"""The permission matrix of moderation: role × action, with the table written out as rules.
Each case checks the predicate of ``civic.moderation.permissions`` and, where it guards an
operation, calls the operation as that person: refused calls raise ``PermissionDenied``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from civic.accounts.models import Role, User
from civic.core.errors import PermissionDenied
from civic.db import db, utcnow
from civic.extensions import login_manager
from civic.moderation import operations as ops
from civic.moderation import permissions as perm
from civic.moderation.models import ReportReason, TargetKind
from tests.factories import UserFactory, make_project
from tests.moderation.scenes import make_comment, make_report

VISITOR, CITIZEN, AUTHOR, MEMBER, BLOCKED = "visitor", "citizen", "author", "member", "blocked"
MODERATOR, COORDINATOR, ADMIN = "moderator", "coordinator", "admin"
ROLES = (VISITOR, CITIZEN, AUTHOR, MEMBER, BLOCKED, MODERATOR, COORDINATOR, ADMIN)
MODERATORS = {MODERATOR, ADMIN}

# action → the roles allowed (the author is the author of the comment; the member is on the
# team of its project; the blocked user is blocked now).
EXPECTED: dict[str, set[str]] = {
    "report": {CITIZEN, AUTHOR, MEMBER, MODERATOR, COORDINATOR, ADMIN},
    "moderate": MODERATORS,
    "hide": MODERATORS,
    "restore": MODERATORS,
    # Bringing back what its author deleted: not even the author (that would undo their will).
    "restore_deleted": MODERATORS,
    "dismiss_reports": MODERATORS,
    "block": MODERATORS,
    "unblock": MODERATORS,
    "see_hidden_project": {MEMBER, *MODERATORS},
    # Nobody blocks an admin or themselves.
    "block_admin": set(),
    "block_self": set(),
}


@dataclass
class Scene:
    role: str
    actor: Any
    comment: Any
    project: Any
    citizen: User


def build(role: str) -> Scene:
    author, member = UserFactory(), UserFactory()
    project = make_project(members=[member])
    comment = make_comment(project, author)
    actor: Any = {
        VISITOR: lambda: login_manager.anonymous_user(),
        CITIZEN: UserFactory,
        AUTHOR: lambda: author,
        MEMBER: lambda: member,
        BLOCKED: lambda: UserFactory(blocked_at=utcnow(), blocked_until=None),
        MODERATOR: lambda: UserFactory(roles=[Role.MODERATOR]),
        COORDINATOR: lambda: UserFactory(roles=[Role.COORDINATOR]),
        ADMIN: lambda: UserFactory(roles=[Role.ADMIN]),
    }[role]()
    return Scene(role, actor, comment, project, UserFactory())


def _hidden(s: Scene) -> Any:
    s.comment.hidden_at = utcnow()
    s.comment.hidden_reason = "Beleidigung"
    db.session.flush()
    return s.comment


def _deleted(s: Scene) -> Any:
    s.comment.deleted_at = utcnow()
    s.comment.deleted_by_id = s.comment.author_id
    db.session.flush()
    return s.comment


def _blocked_citizen(s: Scene) -> User:
    s.citizen.blocked_at = utcnow()
    s.citizen.blocked_until = utcnow() + timedelta(days=2)
    db.session.flush()
    return s.citizen


def _reported(s: Scene) -> Any:
    make_report(TargetKind.COMMENT, s.comment.id)
    return s.comment


@dataclass(frozen=True)
class Action:
    predicate: Callable[..., bool]
    arguments: Callable[[Scene], tuple[Any, ...]]
    call: Callable[[Scene], Any] | None = None


C = TargetKind.COMMENT

ACTIONS: dict[str, Action] = {
    "report": Action(
        perm.can_report,
        lambda s: (s.actor,),
        lambda s: ops.report(s.actor, C, s.comment, ReportReason.SPAM),
    ),
    "moderate": Action(perm.can_moderate, lambda s: (s.actor,)),
    "hide": Action(
        perm.can_hide,
        lambda s: (s.actor, s.comment),
        lambda s: ops.hide(s.actor, C, s.comment, "Beleidigung"),
    ),
    "restore": Action(
        perm.can_restore,
        lambda s: (s.actor, _hidden(s)),
        lambda s: ops.restore(s.actor, C, s.comment, "Versehen"),
    ),
    "restore_deleted": Action(
        perm.can_restore_deleted,
        lambda s: (s.actor, _deleted(s)),
        lambda s: ops.restore_deleted(s.actor, C, s.comment, "Versehen"),
    ),
    "dismiss_reports": Action(
        perm.can_dismiss_reports,
        lambda s: (s.actor, _reported(s)),
        lambda s: ops.dismiss_reports(s.actor, C, s.comment),
    ),
    "block": Action(
        perm.can_block,
        lambda s: (s.actor, s.citizen),
        lambda s: ops.block_user(s.actor, s.citizen, "Spam", None),
    ),
    "unblock": Action(
        perm.can_unblock,
        lambda s: (s.actor, _blocked_citizen(s)),
        lambda s: ops.unblock_user(s.actor, s.citizen, "Entschuldigt"),
    ),
    "see_hidden_project": Action(perm.can_see_hidden_project, lambda s: (s.actor, s.project)),
    "block_admin": Action(
        perm.can_block,
        lambda s: (s.actor, _admin(s)),
        lambda s: ops.block_user(s.actor, s.citizen, "Spam", None),
    ),
    "block_self": Action(
        perm.can_block,
        lambda s: (s.actor, s.actor),
        lambda s: ops.block_user(s.actor, s.actor, "Spam", None),
    ),
}


def _admin(s: Scene) -> User:
    s.citizen = UserFactory(roles=[Role.ADMIN])
    return s.citizen


HELPERS = {"is_moderator"}


def test_the_table_covers_every_predicate_of_the_module():
    public = {
        name
        for name, value in vars(perm).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", None) == perm.__name__
    }
    covered = {action.predicate.__name__ for action in ACTIONS.values()}
    assert public == covered | HELPERS
    assert set(ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(app, mailbox, action, role):
    allowed = role in EXPECTED[action]
    spec = ACTIONS[action]
    with app.test_request_context():
        scene = build(role)
        if action == "block_self" and role == VISITOR:
            return  # a visitor is nobody to block
        assert spec.predicate(*spec.arguments(scene)) is allowed
        if spec.call is None:
            return
        if allowed:
            spec.call(scene)
        else:
            with pytest.raises(PermissionDenied):
                spec.call(scene)
            assert mailbox.messages == [], "a refused action sent mail"
