"""The participation blueprint. Each module adds its routes to ``bp``:

- ``comments``: commenting on a project, replies, editing and deleting, the list of comments;
- ``updates``: the team's news of a project, their pages and the Atom feeds;
- ``follows``: following and unfollowing projects, districts and topics, what I follow;
- ``notifications``: the list of notifications, marking them read, the settings per kind,
  and the one-click unsubscribe link of every notification mail.

The project page shows the first page of comments, the latest updates and the follow button
through the template globals below, so that the projects domain needs no import of this one.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, url_for
from flask_login import current_user

from civic.participation import permissions as participation_permissions
from civic.participation import queries
from civic.participation.models import Comment, FollowKind, ProjectUpdate
from civic.projects.models import Project
from civic.projects.permissions import can_view_project

bp = Blueprint("participation", __name__, template_folder="../templates")


def comment_or_404(comment_id: int) -> Comment:
    """The comment, when its project is there for this person."""
    comment = queries.comment_for_page(comment_id)
    if comment is None or not can_view_project(current_user, comment.project):
        abort(404)
    return comment


def update_or_404(update_id: int) -> ProjectUpdate:
    item = queries.update_for_page(update_id)
    if item is None or not can_view_project(current_user, item.project):
        abort(404)
    return item


def report_url(kind: str, target_id: int) -> str | None:
    """Where to report a comment, update or project (None until moderation is there)."""
    if "moderation.report" not in current_app.view_functions:
        return None
    return url_for("moderation.report", kind=kind, target_id=target_id)


def _project_comments(project: Project) -> queries.CommentPage | None:
    return queries.comment_page(project) if project.is_published else None


def _project_updates(project: Project) -> list[ProjectUpdate]:
    return queries.latest_updates(project) if project.is_published else []


def _follows(kind: str, target_id: int) -> bool:
    return queries.is_following(current_user, FollowKind(kind), target_id)


def _participation_vocabulary() -> dict[str, Any]:
    return {
        "partperm": participation_permissions,
        # For the project page: the first page of comments, the latest news, the follow button.
        "project_comments": _project_comments,
        "project_updates": _project_updates,
        "is_following": _follows,
        "report_url": report_url,
    }


@bp.app_context_processor
def _vocabulary() -> dict[str, Any]:
    return _participation_vocabulary()


@bp.record_once
def _vocabulary_for_macros(state: Any) -> None:
    state.app.jinja_env.globals.update(_participation_vocabulary())


from civic.participation.views import comments, follows, notifications, updates  # noqa: E402, F401
