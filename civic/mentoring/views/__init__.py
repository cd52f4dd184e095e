"""The mentoring blueprint. Views are split by area; each module adds its routes to ``bp``:

- ``mentors``: the public list of mentors, a mentor's page, offers and requests, answering
  and ending mentorships, the mentoring page of a project, the mentor dashboard;
- ``workspace``: the workspace of a project (messages, introductions, hurdles, political
  questions, mediation).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_login import current_user

from civic.mentoring import permissions as mentoring_permissions
from civic.mentoring import queries
from civic.mentoring.workflow import (
    HURDLE_STATUS_LABELS,
    INTRODUCTION_KIND_LABELS,
    MEDIATION_STATUS_LABELS,
    MENTORSHIP_STATUS_LABELS,
    QUESTION_STATUS_LABELS,
)
from civic.projects.models import Project
from civic.projects.views import guard, project_or_404

bp = Blueprint("mentoring", __name__, template_folder="../templates")


def workspace_project(project_id: int) -> Project:
    """The project whose workspace is asked for: 404 when the project is not there for this
    person, 401/403 when they are not in its workspace."""
    project = project_or_404(project_id)
    guard(mentoring_permissions.can_view_workspace(current_user, project))
    return project


def found(obj: Any) -> Any:
    if obj is None:
        abort(404)
    return obj


@bp.app_context_processor
def _mentoring_vocabulary() -> dict[str, Any]:
    return {
        "mperm": mentoring_permissions,
        # For the project page, which shows the mentors and the published questions.
        "project_mentorships": queries.mentors_for_page,
        "published_questions": queries.public_questions,
        "mentorship_status_labels": MENTORSHIP_STATUS_LABELS,
        "introduction_kind_labels": INTRODUCTION_KIND_LABELS,
        "hurdle_status_labels": HURDLE_STATUS_LABELS,
        "question_status_labels": QUESTION_STATUS_LABELS,
        "mediation_status_labels": MEDIATION_STATUS_LABELS,
    }


@bp.record_once
def _vocabulary_for_macros(state: Any) -> None:
    state.app.jinja_env.globals.update(_mentoring_vocabulary())


from civic.mentoring.views import mentors, workspace  # noqa: E402, F401
