"""Who may do what with comments, project updates and follows. Each predicate guards its
view, its operation and the button in the page. ``user`` may be the anonymous user of
Flask-Login.

A blocked user (``User.is_blocked``) posts nothing: no comment, reply, edit or update. Deleting
one's own comment stays possible, and so does following."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from civic.accounts.models import Role
from civic.core.permissions import has_role, is_admin
from civic.db import utcnow
from civic.participation.models import Comment, ProjectUpdate
from civic.projects.models import Project
from civic.projects.permissions import is_citizen, is_team_member
from civic.projects.workflow import ProjectState

# An author may correct a comment for this long after posting it.
EDIT_MINUTES = 15

# People talk about a project while it lives and after it is completed; a withdrawn project
# is closed for discussion (what was said stays readable).
COMMENTABLE_STATES = (ProjectState.ACTIVE, ProjectState.PAUSED, ProjectState.COMPLETED)


def is_moderator(user: Any) -> bool:
    return is_admin(user) or has_role(user, Role.MODERATOR)


def may_post(user: Any) -> bool:
    """A confirmed citizen whom no moderation block holds."""
    return is_citizen(user) and not user.is_blocked


def is_hidden(item: Comment | ProjectUpdate) -> bool:
    """Hidden by moderation, or written by someone who is blocked at the moment."""
    return item.hidden_at is not None or item.author.is_blocked


def _discussable(project: Project) -> bool:
    return project.state in COMMENTABLE_STATES and project.hidden_at is None


def can_comment(user: Any, project: Project) -> bool:
    return may_post(user) and _discussable(project)


def can_reply(user: Any, comment: Comment) -> bool:
    """Replies go to top-level comments that are still there (one level of replies)."""
    return (
        can_comment(user, comment.project)
        and comment.parent_id is None
        and comment.deleted_at is None
        and not is_hidden(comment)
    )


def edit_time_left(comment: Comment) -> bool:
    return utcnow() - comment.created_at < timedelta(minutes=EDIT_MINUTES)


def is_comment_author(user: Any, comment: Comment) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and comment.author_id == user.id


def can_edit_comment(user: Any, comment: Comment) -> bool:
    return (
        is_comment_author(user, comment)
        and can_comment(user, comment.project)
        and comment.deleted_at is None
        and comment.hidden_at is None
        and edit_time_left(comment)
    )


def can_delete_comment(user: Any, comment: Comment) -> bool:
    """Authors may always take their words back (the place stays, marked as deleted)."""
    return is_comment_author(user, comment) and comment.deleted_at is None


def can_see_hidden(user: Any) -> bool:
    """Moderators (and admins) read what moderation hid."""
    return is_moderator(user)


def can_post_update(user: Any, project: Project) -> bool:
    return (
        is_team_member(user, project)
        and may_post(user)
        and project.is_open
        and project.hidden_at is None
    )


def can_edit_update(user: Any, update: ProjectUpdate) -> bool:
    """The team keeps its news, while the project lives and moderation has not hidden it."""
    return can_post_update(user, update.project) and update.hidden_at is None


def can_delete_update(user: Any, update: ProjectUpdate) -> bool:
    """Taking news back is possible in every state, blocked or not."""
    return is_team_member(user, update.project)


def can_follow(user: Any) -> bool:
    """Districts and topics; a project also needs to be published (``can_follow_project``)."""
    return is_citizen(user)


def can_follow_project(user: Any, project: Project) -> bool:
    return is_citizen(user) and project.is_published
