"""Who may do what in moderation. Each predicate guards its view, its operation and the button
in the page. ``user`` may be the anonymous user of Flask-Login.

Anyone signed in with a confirmed address reports, unless a block holds them. Moderators (and
admins) work the queue, hide and restore, dismiss reports and block people; nobody blocks an
admin or themselves."""

from __future__ import annotations

from typing import Any

from civic.accounts.models import Role, User
from civic.core.permissions import has_role, is_admin
from civic.projects.models import Project
from civic.projects.permissions import is_citizen, is_team_member


def is_moderator(user: Any) -> bool:
    return is_admin(user) or has_role(user, Role.MODERATOR)


def can_report(user: Any) -> bool:
    """A confirmed citizen whom no block holds reports what they can see."""
    return is_citizen(user) and not user.is_blocked


def can_moderate(user: Any) -> bool:
    """The queue, the item pages, the people pages and the list of blocks."""
    return is_moderator(user)


def can_hide(user: Any, item: Any) -> bool:
    return is_moderator(user) and item.hidden_at is None


def can_restore(user: Any, item: Any) -> bool:
    return is_moderator(user) and item.hidden_at is not None


def can_restore_deleted(user: Any, item: Any) -> bool:
    """A deleted project draft, comment or update comes back (the list "Deleted")."""
    return is_moderator(user) and getattr(item, "deleted_at", None) is not None


def can_dismiss_reports(user: Any, item: Any) -> bool:
    """Nothing wrong: the open reports go. A hidden item is restored instead."""
    return is_moderator(user) and item.hidden_at is None


def can_block(user: Any, person: User) -> bool:
    return (
        is_moderator(user)
        and person.id != user.id
        and not is_admin(person)
        and not person.is_blocked
    )


def can_unblock(user: Any, person: User) -> bool:
    return is_moderator(user) and person.id != user.id and person.is_blocked


def can_see_hidden_project(user: Any, project: Project) -> bool:
    """A hidden project stays readable for its team and the moderators."""
    return is_moderator(user) or is_team_member(user, project)
