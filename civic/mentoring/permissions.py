"""Who may do what in mentoring. Each predicate guards its view, its operation and the button
in the page. ``user`` may be the anonymous user of Flask-Login.

The workspace of a project belongs to its team, its mentors and the coordination office.
Mediation requests are narrower: only the team member who asked and the mentors see them."""

from __future__ import annotations

from typing import Any

from civic.accounts.models import Role
from civic.core.permissions import has_role
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
)
from civic.mentoring.workflow import MediationStatus, MentorshipStatus, Origin, QuestionStatus
from civic.projects.models import Project
from civic.projects.permissions import can_coordinate, is_team_member


def is_council_member(user: Any) -> bool:
    return has_role(user, Role.COUNCIL_MEMBER) and user.council_profile is not None


def is_mentor(user: Any, project: Project) -> bool:
    """``user`` mentors ``project`` now."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(m.mentor_id == user.id for m in project.active_mentorships)


def _workable(project: Project) -> bool:
    """Mentoring happens on published projects that still live (active or paused)."""
    return project.is_published and project.is_open


# --- finding each other -----------------------------------------------------------------------


def can_offer_mentorship(user: Any, project: Project) -> bool:
    """A council member offers to mentor a project they are not on the team of."""
    return (
        is_council_member(user)
        and _workable(project)
        and not is_team_member(user, project)
        and not is_mentor(user, project)
    )


def can_ask_for_mentor(user: Any, project: Project) -> bool:
    """A team member asks a council member to mentor the project."""
    return is_team_member(user, project) and _workable(project)


def is_asking_side(user: Any, mentorship: Mentorship) -> bool:
    if mentorship.origin is Origin.TEAM:
        return is_team_member(user, mentorship.project)
    return getattr(user, "id", None) == mentorship.mentor_id


def is_answering_side(user: Any, mentorship: Mentorship) -> bool:
    if mentorship.origin is Origin.TEAM:
        return getattr(user, "id", None) == mentorship.mentor_id
    return is_team_member(user, mentorship.project)


def can_answer_mentorship(user: Any, mentorship: Mentorship) -> bool:
    return (
        mentorship.status is MentorshipStatus.PENDING
        and is_answering_side(user, mentorship)
        and _workable(mentorship.project)
    )


def can_withdraw_mentorship_request(user: Any, mentorship: Mentorship) -> bool:
    return mentorship.status is MentorshipStatus.PENDING and is_asking_side(user, mentorship)


def can_end_mentorship(user: Any, mentorship: Mentorship) -> bool:
    """Either side ends a mentorship; the coordination office can end one too."""
    return mentorship.status is MentorshipStatus.ACTIVE and (
        getattr(user, "id", None) == mentorship.mentor_id
        or is_team_member(user, mentorship.project)
        or can_coordinate(user)
    )


def can_see_mentoring_requests(user: Any, project: Project) -> bool:
    """The page listing the project's mentors, requests and offers."""
    return is_team_member(user, project) or is_mentor(user, project) or can_coordinate(user)


def can_use_dashboard(user: Any) -> bool:
    return is_council_member(user)


# --- the workspace -----------------------------------------------------------------------------


def can_view_workspace(user: Any, project: Project) -> bool:
    return project.is_published and (
        is_team_member(user, project) or is_mentor(user, project) or can_coordinate(user)
    )


def can_post_message(user: Any, project: Project) -> bool:
    return _workable(project) and can_view_workspace(user, project)


def can_record_introduction(user: Any, project: Project) -> bool:
    return _workable(project) and is_mentor(user, project)


def can_record_outcome(user: Any, introduction: Introduction, project: Project) -> bool:
    return _workable(project) and (is_mentor(user, project) or is_team_member(user, project))


def can_add_hurdle(user: Any, project: Project) -> bool:
    return _workable(project) and (is_mentor(user, project) or is_team_member(user, project))


def can_update_hurdle(user: Any, hurdle: Hurdle, project: Project) -> bool:
    return can_add_hurdle(user, project)


def can_ask_question(user: Any, project: Project) -> bool:
    return _workable(project) and (is_mentor(user, project) or is_team_member(user, project))


def can_bring_question(user: Any, question: PoliticalQuestion, project: Project) -> bool:
    """Mentors bring a question into the council and record its answer."""
    return (
        _workable(project)
        and is_mentor(user, project)
        and question.status is not QuestionStatus.ANSWERED
    )


def can_publish_question(user: Any, question: PoliticalQuestion, project: Project) -> bool:
    """The team decides whether an answered question shows on the project page."""
    return is_team_member(user, project) and question.status is QuestionStatus.ANSWERED


def can_ask_for_mediation(user: Any, project: Project) -> bool:
    return (
        _workable(project)
        and is_team_member(user, project)
        and bool(project.active_mentorships)
        and not is_mentor(user, project)
    )


def can_view_mediation(user: Any, request: MediationRequest, project: Project) -> bool:
    """Only the team member who asked and the project's mentors; nobody else on the team,
    and not the coordination office either."""
    return getattr(user, "id", None) == request.requester_id or is_mentor(user, project)


def can_reply_mediation(user: Any, request: MediationRequest, project: Project) -> bool:
    return (
        _workable(project)
        and request.status is MediationStatus.OPEN
        and can_view_mediation(user, request, project)
    )


def can_close_mediation(user: Any, request: MediationRequest, project: Project) -> bool:
    return request.status is MediationStatus.OPEN and can_view_mediation(user, request, project)
