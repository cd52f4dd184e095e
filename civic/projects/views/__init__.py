"""The projects blueprint. Views are split by area; each module adds its routes to ``bp``:

- ``browse``: list, project page, proposing and editing, supporting, timeline, my projects;
- ``team``: join requests, invitations, leaving, handing over the initiator role;
- ``needs``: needs, offers and the help-wanted board;
- ``plan``: phase requests, pause/resume/withdraw, the versioned plan, milestones, final report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.models import Role
from civic.core.errors import OperationError
from civic.core.permissions import has_role, is_admin
from civic.db import db
from civic.projects import permissions as project_permissions
from civic.projects import queries
from civic.projects.models import Project
from civic.projects.timeline import describe
from civic.projects.workflow import (
    MEMBER_ROLE_LABELS,
    NEED_KIND_LABELS,
    NEED_STATUS_LABELS,
    PHASE_LABELS,
    REQUEST_STATUS_LABELS,
    STATE_LABELS,
    STEP_LABELS,
)

bp = Blueprint("projects", __name__, template_folder="../templates")


def guard(allowed: bool) -> None:
    """401 for visitors (who are sent to sign in), 403 for everyone else who may not."""
    if not allowed:
        abort(401 if not current_user.is_authenticated else 403)


def button_action(run: Callable[[], object], success: Any) -> None:
    """A button form was posted: check its CSRF token, run the operation, then commit and say
    ``success``, or show the operation's refusal."""
    if not ConfirmForm().validate_on_submit():
        return
    try:
        run()
    except OperationError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success, "success")


def project_or_404(project_id: int, hidden_notice: bool = False) -> Project:
    """The project with what its pages show; drafts exist only for their team. A project hidden
    by moderation exists only for its team, moderators and admins, except on its main page,
    which shows the notice in its place (``hidden_notice``)."""
    project = queries.project_for_page(project_id)
    if project is None or not project_permissions.can_view_project(current_user, project):
        abort(404)
    if project.hidden_at is not None and not hidden_notice and not _sees_hidden(project):
        abort(404)
    return project


def _sees_hidden(project: Project) -> bool:
    return (
        project_permissions.is_team_member(current_user, project)
        or has_role(current_user, Role.MODERATOR)
        or is_admin(current_user)
    )


@bp.app_context_processor
def _project_vocabulary() -> dict[str, Any]:
    return {
        "pperm": project_permissions,
        "phase_labels": PHASE_LABELS,
        "state_labels": STATE_LABELS,
        "step_labels": STEP_LABELS,
        "need_kind_labels": NEED_KIND_LABELS,
        "need_status_labels": NEED_STATUS_LABELS,
        "request_status_labels": REQUEST_STATUS_LABELS,
        "member_role_labels": MEMBER_ROLE_LABELS,
        "describe_event": describe,
    }


@bp.record_once
def _vocabulary_for_macros(state: Any) -> None:
    """Macros imported without ``with context`` see the template globals only, not what
    context processors add; the vocabulary holds no request state, so it is global too."""
    state.app.jinja_env.globals.update(_project_vocabulary())


@bp.app_template_filter("euros")
def euros(cents: int | None) -> str:
    """Cents as a German or English amount, e.g. 1.250,50 € / €1,250.50."""
    from flask_babel import format_currency

    if cents is None:
        return "–"
    return format_currency(cents / 100, "EUR")


from civic.projects.views import browse, needs, plan, team  # noqa: E402, F401
